// Agent: the edge-agent daemon's wiring. It reconciles from the stored desired set first,
// without the broker, then connects to the broker (with a will that marks the node offline),
// publishes its status and facts on every connect, takes desired sets from the retained desired
// topic, and runs a reconcile pass on every accepted change and every report interval, each
// followed by a NodeReport that doubles as the node's heartbeat. A heartbeat thread repeats the
// latest report whenever none went out for a heartbeat interval, so a slow pass (an image pull,
// a container slow to stop) never makes the hub think the node is gone. The engine's events
// for the node's containers (agent/events/engine_watcher.h) run a pass at once, so a replica
// that dies is started again without waiting for the next interval. Starts are fenced
// (core/nodes/fencing.h): after a start or a stretch out of touch, the agent creates and starts
// containers only once the broker has confirmed its desired set (or, at start, after
// --fence-wait without the broker).
// Thread-safety: run() is called once, from one thread; request_stop() may be called from any
// thread (e.g. a signal-waiting thread). MQTT handlers only queue work for the run() thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "agent/desired_inbox.h"
#include "agent/engine/engine.h"
#include "agent/events/engine_watcher.h"
#include "agent/files/file_fetcher.h"
#include "agent/files/mount_preparer.h"
#include "agent/job_outputs.h"
#include "agent/logs/log_streamer.h"
#include "agent/node_controller.h"
#include "agent/options.h"
#include "agent/state_store.h"
#include "bus/mqtt_client.h"
#include "core/nodes/fencing.h"
#include "schema/topics.h"
#include "supervision/service_notifier.h"

namespace edge {

class Agent {
  public:
    // Validates options and opens the engine client and the state directory. Does not touch
    // the broker or the engine yet.
    static Result<std::unique_ptr<Agent>> create(AgentOptions options);
    // For tests: an agent over a given engine and store.
    Agent(const AgentOptions& options, std::unique_ptr<ContainerEngine> engine,
          std::unique_ptr<StateStore> store);
    ~Agent();

    // Runs until request_stop(); then publishes the offline status and disconnects.
    Status run();
    void request_stop();

  private:
    void on_connect();
    void on_message(const MqttMessageIn& message);
    void publish_status(bool online);
    void publish_report(const NodeReport& report);
    // The heartbeat thread's loop; returns when stop is requested.
    void send_heartbeats();
    int64_t now_ms() const;
    // Scans the node's devices again; publishes the status when the set changed (hot-plug).
    void refresh_devices();
    // Asks the fence (core/nodes/fencing.h) what this pass may do, logging changes.
    PassLimits fence_limits();
    // One reconcile pass within the fence's limits, and its report.
    void pass();
    // Sends the output of job containers that exited (agent/job_outputs.h); before the report.
    void send_job_outputs(const NodeReport& report);
    // Subscribes to the desired topic again, so the broker sends its retained set.
    void ask_for_retained_desired();
    // Wakes the run() thread for a pass now (an engine event, a connect); any thread.
    void request_pass();

    AgentOptions options_;
    Topics topics_;
    std::unique_ptr<ContainerEngine> engine_;
    std::unique_ptr<StateStore> store_;
    NodeController controller_;
    Fence fence_;                // run() thread only
    bool fence_holding_ = true;  // run() thread only: the last pass held starts
    // When the newest retained desired set handled so far arrived, on the steady clock in ms:
    // the broker's answer to a (re)subscription, which is what ends a fence. run() thread only,
    // set as the set is handled, so a pass never counts a set it has not applied yet.
    int64_t last_retained_desired_ms_ = 0;
    std::mutex facts_mutex_;
    NodeFacts facts_;  // GUARDED_BY(facts_mutex_) once the MQTT client runs
    std::unique_ptr<MqttClient> mqtt_;
    // `edgectl logs` sessions; created in run() once mqtt_ exists, stopped before it goes.
    std::unique_ptr<LogStreamer> log_streamer_;
    // Shipped files and secrets from the hub (agent/files/); the fetcher publishes through
    // mqtt_, and fails fast while it does not exist yet.
    FileFetcher fetcher_;
    MountPreparer preparer_;
    JobOutputTracker job_outputs_;       // run() thread only
    int64_t log_rejections_logged_ = 0;  // network thread only: bad logs commands logged
    ServiceNotifier notifier_;           // used by the run() thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    // A desired-set message and, when it came retained, when it arrived (0 otherwise).
    std::deque<DesiredMessage> inbox_;  // GUARDED_BY(mutex_): desired sets not yet handled
    bool stop_requested_ = false;       // GUARDED_BY(mutex_)
    bool pass_requested_ = false;       // GUARDED_BY(mutex_): reconcile and report now
    // GUARDED_BY(mutex_): a pass then, after a container's death (see run()).
    std::chrono::steady_clock::time_point settle_pass_at_ =
        std::chrono::steady_clock::time_point::max();
    static constexpr std::chrono::milliseconds kSettleAfterDeath{200};

    // Held while publishing a report, so the heartbeat never repeats an older one after a newer.
    std::mutex report_mutex_;
    std::string last_report_;      // GUARDED_BY(report_mutex_): encoded; empty before the first
    NodeReport last_report_data_;  // GUARDED_BY(report_mutex_): the same, decoded
    std::chrono::steady_clock::time_point last_report_sent_;  // GUARDED_BY(report_mutex_)
    std::thread heartbeat_;
    // Follows the engine's events for this node's containers, so a pass runs the moment one
    // dies; created in run(), stopped before run() returns.
    std::unique_ptr<EngineWatcher> watcher_;
};

}  // namespace edge
