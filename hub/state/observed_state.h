// ObservedState: the latest report of every node, kept in memory only. Observed state is
// reconstructable (agents report again within seconds), so it is never written to disk.
// Thread-safety: none; owned by the hub's worker thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/model.h"
#include "core/placement/placement.h"

namespace edge {

class ObservedState {
  public:
    void record(const NodeReport& report, int64_t received_ms);

    // nullptr when the node has not reported since the hub started.
    const NodeReport* latest(const std::string& node) const;
    int64_t last_report_ms(const std::string& node) const;
    // A report of the node reached the hub at `arrived_ms`, before it was handled (or when it
    // was dropped because the hub was busy): a sign of life, though not yet its content.
    void arrived(const std::string& node, int64_t arrived_ms);
    // The newest report's arrival or handling, whichever is later; 0 if neither.
    int64_t last_arrival_ms(const std::string& node) const;
    // The container the node reported for this replica, or nullptr. While a replica is being
    // replaced an old and a new container may both exist (start-first keeps both running): the
    // one with `spec_hash` is preferred, then a running one.
    const ObservedContainer* find(const std::string& node, const ReplicaKey& key,
                                  const std::string& spec_hash = "") const;
    // The node's last failed create or start of this replica's spec `spec_hash`, or nullptr.
    const CreateFailure* failure(const std::string& node, const ReplicaKey& key,
                                 const std::string& spec_hash) const;

  private:
    struct Entry {
        NodeReport report;
        int64_t received_ms = 0;
    };
    std::map<std::string, Entry> reports_;
    std::map<std::string, int64_t> arrivals_;
};

}  // namespace edge
