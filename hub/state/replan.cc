#include "hub/state/replan.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/comma_list.h"
#include "hub/state/desired_state.h"

namespace edge {

namespace {

std::string subject_of(const ReplicaKey& key) {
    return key.stack + "/" + key.service;
}

std::map<ReplicaKey, const ReplicaRecord*> index(const std::vector<ReplicaRecord>& replicas) {
    std::map<ReplicaKey, const ReplicaRecord*> by_key;
    for (const auto& replica : replicas) by_key[replica.key] = &replica;
    return by_key;
}

// More changes of one kind to one service than this in one re-plan are told as one event: a
// global service on 1,000 nodes, or a node with 200 replicas going down, would otherwise write
// an event per replica, and the store keeps the newest 10,000 (kMaxStoredEvents), so one
// large change would push every older event out.
constexpr size_t kChangesToldOneByOne = 10;

// "a, b, c and 2 more": the first few of `nodes`, by name.
std::string some_names(const std::set<std::string>& nodes) {
    constexpr size_t kNamed = 3;
    std::vector<std::string> named;
    for (auto node = nodes.begin(); node != nodes.end() && named.size() < kNamed; ++node) {
        named.push_back(*node);
    }
    std::string text = comma_list(named);
    if (nodes.size() > kNamed) text += " and " + std::to_string(nodes.size() - kNamed) + " more";
    return text;
}

// What one re-plan did to one service's replicas. Replicas are sorted by key, so a service's
// are contiguous, and its changes are told once its run ends.
struct ServiceChanges {
    std::vector<const ReplicaRecord*> placed;                         // first placements
    std::vector<std::pair<const ReplicaRecord*, std::string>> moved;  // and the node left
    // Newly pending, by reason.
    std::map<std::string, std::vector<const ReplicaRecord*>> pending;
};

class ChangeTeller {
  public:
    ChangeTeller(int64_t now_ms, std::vector<Event>& events) : now_ms_(now_ms), events_(events) {}

    void tell(const ServiceChanges& changes) {
        if (changes.placed.size() > kChangesToldOneByOne) {
            std::set<std::string> nodes;
            for (const ReplicaRecord* replica : changes.placed) nodes.insert(replica->node);
            summary(changes.placed.front()->key,
                    std::to_string(changes.placed.size()) + " replicas placed on " +
                        std::to_string(nodes.size()) +
                        (nodes.size() == 1 ? " node: " : " nodes: ") + some_names(nodes));
        } else {
            for (const ReplicaRecord* replica : changes.placed) {
                one(replica->key, "placed on " + replica->node);
            }
        }
        if (changes.moved.size() > kChangesToldOneByOne) {
            std::set<std::string> from;
            std::set<std::string> to;
            for (const auto& [replica, old_node] : changes.moved) {
                from.insert(old_node);
                to.insert(replica->node);
            }
            summary(changes.moved.front().first->key,
                    std::to_string(changes.moved.size()) + " replicas moved from " +
                        some_names(from) + " to " + some_names(to));
        } else {
            for (const auto& [replica, old_node] : changes.moved) {
                one(replica->key, "moved from " + old_node + " to " + replica->node);
            }
        }
        for (const auto& [reason, replicas] : changes.pending) {
            if (replicas.size() > kChangesToldOneByOne) {
                summary(replicas.front()->key,
                        std::to_string(replicas.size()) + " replicas pending: " + reason);
                continue;
            }
            for (const ReplicaRecord* replica : replicas) one(replica->key, "pending: " + reason);
        }
    }

    void one(const ReplicaKey& key, const std::string& message) {
        events_.push_back({0, now_ms_, "placement", subject_of(key),
                           "replica " + std::to_string(key.replica) + " " + message});
    }

  private:
    void summary(const ReplicaKey& key, std::string message) {
        events_.push_back({0, now_ms_, "placement", subject_of(key), std::move(message)});
    }

    int64_t now_ms_;
    std::vector<Event>& events_;
};

void describe_moves(const ClusterState& before, const ClusterState& next, int64_t now_ms,
                    std::vector<Event>& events) {
    ChangeTeller teller(now_ms, events);
    ServiceChanges changes;
    const ReplicaKey* service_of_changes = nullptr;
    auto old_replicas = index(before.replicas);
    auto new_replicas = index(next.replicas);
    for (const auto& replica : next.replicas) {
        if (replica.job_run != 0) continue;  // the job driver tells of its runs itself
        if (service_of_changes != nullptr && (service_of_changes->stack != replica.key.stack ||
                                              service_of_changes->service != replica.key.service)) {
            teller.tell(changes);
            changes = {};
        }
        service_of_changes = &replica.key;
        auto found = old_replicas.find(replica.key);
        const ReplicaRecord* old = found == old_replicas.end() ? nullptr : found->second;
        std::string old_node = old == nullptr ? "" : old->node;
        if (replica.node.empty()) {
            // Repeat a pending reason only when it changed, so re-plans do not flood the log.
            bool news = old == nullptr || !old->node.empty() || old->reason != replica.reason;
            if (news) changes.pending[replica.reason].push_back(&replica);
        } else if (old_node.empty()) {
            changes.placed.push_back(&replica);
        } else if (old_node != replica.node) {
            changes.moved.emplace_back(&replica, old_node);
        }
    }
    teller.tell(changes);  // the last service's
    for (const auto& replica : before.replicas) {
        if (replica.job_run != 0 || new_replicas.contains(replica.key)) continue;
        // A removed stack or service is reported once by whoever removed it.
        if (find_service(next, replica.key.stack, replica.key.service) == nullptr) continue;
        teller.one(replica.key, "removed (scaled down)");
    }
}

}  // namespace

Replanned replan(const ClusterState& before, ClusterState& next, const PlacementConfig& config,
                 int64_t now_ms) {
    Plan plan = plan_placement(placement_input(next, config, now_ms));
    // A job's containers stay where the job driver put them (hub/jobs/job_driver.h): a run on a
    // node that goes down fails there, with that reason, rather than moving silently.
    std::vector<ReplicaRecord> job_replicas;
    for (const auto& replica : next.replicas) {
        // Those of a job no longer deployed go with it.
        if (replica.job_run != 0 && is_job_service(next, replica.key.stack, replica.key.service)) {
            job_replicas.push_back(replica);
        }
    }
    // A replica keeps its place in a rolling update wherever placement puts it.
    std::map<ReplicaKey, std::pair<bool, int64_t>> rollout_marks;
    for (const auto& replica : next.replicas) {
        rollout_marks[replica.key] = {replica.on_previous, replica.switched_ms};
    }
    next.replicas.clear();
    for (const auto& assignment : plan.replicas) {
        if (is_job_service(next, assignment.key.stack, assignment.key.service)) continue;
        ReplicaRecord& replica = next.replicas.emplace_back();
        replica.key = assignment.key;
        replica.node = assignment.node;
        replica.reason = assignment.reason;
        auto marks = rollout_marks.find(assignment.key);
        if (marks != rollout_marks.end()) {
            std::tie(replica.on_previous, replica.switched_ms) = marks->second;
        }
    }
    next.replicas.insert(next.replicas.end(), job_replicas.begin(), job_replicas.end());
    std::sort(next.replicas.begin(), next.replicas.end(),
              [](const ReplicaRecord& a, const ReplicaRecord& b) { return a.key < b.key; });

    Replanned result;
    auto old_sets = desired_by_node(before);
    auto new_sets = desired_by_node(next);
    for (auto& [name, node] : next.nodes) {
        auto old_set = old_sets.find(name);
        auto new_set = new_sets.find(name);
        bool had = old_set != old_sets.end();
        bool has = new_set != new_sets.end();
        if (had != has || (had && old_set->second != new_set->second)) {
            node.generation += 1;
            result.changed_nodes.insert(name);
            DesiredSet& set = result.changed_sets.emplace_back();
            set.node = name;
            set.generation = node.generation;
            if (has) set.containers = std::move(new_set->second);
        }
    }
    describe_moves(before, next, now_ms, result.events);
    return result;
}

StateChange diff_states(const ClusterState& before, const ClusterState& after) {
    StateChange change;
    for (const auto& [name, stack] : before.stacks) {
        if (!after.stacks.contains(name)) change.remove_stacks.push_back(name);
    }
    for (const auto& [name, stack] : after.stacks) {
        auto old = before.stacks.find(name);
        if (old == before.stacks.end() || old->second != stack) change.put_stacks.push_back(stack);
    }
    for (const auto& [name, node] : after.nodes) {
        auto old = before.nodes.find(name);
        if (old == before.nodes.end() || old->second != node) change.put_nodes.push_back(node);
    }
    for (const auto& [name, node] : before.nodes) {
        if (!after.nodes.contains(name)) change.remove_nodes.push_back(name);
    }
    for (const auto& [key, job] : after.jobs) {
        auto old = before.jobs.find(key);
        if (old == before.jobs.end() || old->second != job) change.put_jobs.push_back(job);
    }
    for (const auto& [key, job] : before.jobs) {
        if (!after.jobs.contains(key)) change.remove_jobs.emplace_back(job.stack, job.service);
    }
    bool stacks_changed = !change.remove_stacks.empty() || !change.put_stacks.empty();
    if (stacks_changed || before.replicas != after.replicas) change.replicas = after.replicas;
    return change;
}

}  // namespace edge
