// FakeEngine: an in-memory ContainerEngine for unit tests of the agent's logic (generations,
// persistence, executor ordering, outage handling). It keeps containers in a map, records every
// call, and can be told to be unreachable or to fail particular images. Behaviour that only a
// real engine has (cgroups, restart back-off, pulls) is tested against a real dockerd instead.
// Thread-safety: not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/engine/engine.h"

namespace edge::testing {

class FakeEngine : public ContainerEngine {
  public:
    Result<EngineVersion> version() override;
    Result<std::vector<ContainerDetails>> list_by_label(const std::string& key,
                                                        const std::string& value) override;
    Result<ContainerDetails> inspect(const std::string& id_or_name) override;
    Result<bool> image_exists(const std::string& image) override;
    Result<std::vector<std::string>> image_repo_digests(const std::string& image) override;
    Status pull(const std::string& image, const PullObserver& observer) override;
    Result<std::string> create(const ContainerCreateSpec& spec) override;
    Status start(const std::string& id) override;
    Status stop(const std::string& id, int timeout_seconds) override;
    Status remove(const std::string& id) override;
    Result<std::vector<EngineEvent>> container_events(const std::string& key,
                                                      const std::string& value, int64_t since_s,
                                                      int64_t until_s) override;

    // Adds a container as if someone else (or an earlier agent) had created it.
    std::string add(ContainerDetails details);
    // Marks a container exited with `exit_code`, as if its process had ended.
    void exit(const std::string& id, int exit_code);

    bool reachable = true;
    std::set<std::string> local_images;
    std::map<std::string, std::vector<std::string>> repo_digests;  // by image ID
    std::set<std::string> unpullable_images;                       // pull fails for these
    int64_t pulled_bytes = 1 << 20;       // the size every pull reports to its observer
    std::function<void()> while_pulling;  // called halfway through each observed pull
    // Start fails for these ids, as it does for a container whose engine died while starting it.
    std::set<std::string> unstartable;
    bool unremovable = false;  // every removal fails, as on a busy engine
    // What a start of an unstartable container answers; empty: the stale-task message.
    std::string start_error;
    std::map<std::string, ContainerDetails> containers;  // by id
    // Tags moved to another build: the list shows a container of one of these by its image ID,
    // as the engine does; inspect still gives the reference it was created from.
    std::set<std::string> moved_tags;
    std::vector<EngineEvent> event_log;  // what container_events() serves, filtered by time
    std::vector<std::string> calls;      // "create edge-home-web-0", "start <id>", ...
    std::vector<int> stop_timeouts;      // the timeout of each stop(), in order

  private:
    Status check_reachable() const;
    int next_id_ = 1;
};

}  // namespace edge::testing
