// ContainerInsight: what the agent knows about its containers beyond what one engine listing
// says, for day-2 questions: how often each was OOM-killed and when, the peak memory it
// reached, and how often the agent restarted it for failing its health check.
//
// OOM kills come from the engine's event log ("oom" events, read back without streaming, so a
// kill is counted even when the engine's restart policy brought the container back before the
// next pass). Without an event log (an engine that has none) the OOMKilled flag and the
// cgroup's oom_kill counter stand in. Peaks come from the cgroup (cgroup_memory.h).
// Kept in memory only: after an agent restart the first poll reads back the last hour of the
// engine's log, so recent kills are not forgotten.
// Thread-safety: not thread-safe; used by the agent's reconcile thread only.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "agent/engine/engine.h"
#include "agent/observe/cgroup_memory.h"
#include "core/memory/oom_insight.h"
#include "core/model.h"

namespace edge {

class ContainerInsight {
  public:
    explicit ContainerInsight(CgroupMemory cgroups = CgroupMemory()) : cgroups_(cgroups) {}

    // Adds the engine's OOM events since the previous poll (the last hour on the first) and
    // notes the containers it started.
    void poll_engine_events(ContainerEngine& engine, const std::string& node, int64_t now_ms);
    // The ids of containers the engine logged a start of since the last call.
    std::set<std::string> take_started();
    void record_health_restart(const std::string& container_id);
    // Fills the insight fields of `observed` and forgets containers that are gone.
    void annotate(std::vector<ObservedContainer>& observed, int64_t now_ms);

  private:
    struct Record {
        int oom_kills = 0;
        std::vector<int64_t> oom_times_ms;  // newest last, at most kMaxOomTimes
        int64_t peak = 0;
        int health_restarts = 0;
        int64_t cgroup_kills = 0;   // the cgroup's counter when last read
        bool flag_counted = false;  // the current OOMKilled exit is already counted
    };
    static void add_oom(Record& record, int64_t time_ms);

    CgroupMemory cgroups_;
    std::map<std::string, Record> records_;              // by container id
    std::set<std::pair<std::string, int64_t>> counted_;  // (id, timeNano) of counted events
    std::set<std::string> started_;                      // ids with a start event, not yet taken
    int64_t events_until_s_ = 0;                         // 0: never polled
    bool events_available_ = true;
};

}  // namespace edge
