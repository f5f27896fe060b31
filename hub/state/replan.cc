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

// More first placements of one service than this in one re-plan are told as one event: a
// global service on 1,000 nodes would otherwise write 1,000 events, and the store keeps the
// newest 10,000 (kMaxStoredEvents), so one large deploy would push every older event out.
constexpr size_t kPlacementsToldOneByOne = 10;

std::string placed_summary(const std::vector<const ReplicaRecord*>& placed) {
    std::set<std::string> nodes;
    for (const ReplicaRecord* replica : placed) nodes.insert(replica->node);
    std::string text = std::to_string(placed.size()) + " replicas placed on " +
                       std::to_string(nodes.size()) + (nodes.size() == 1 ? " node: " : " nodes: ");
    constexpr size_t kNamed = 3;
    std::vector<std::string> named;
    for (auto node = nodes.begin(); node != nodes.end() && named.size() < kNamed; ++node) {
        named.push_back(*node);
    }
    text += comma_list(named);
    if (nodes.size() > kNamed) text += " and " + std::to_string(nodes.size() - kNamed) + " more";
    return text;
}

void describe_moves(const ClusterState& before, const ClusterState& next, int64_t now_ms,
                    std::vector<Event>& events) {
    auto add = [&](const ReplicaKey& key, const std::string& message) {
        events.push_back({0, now_ms, "placement", subject_of(key),
                          "replica " + std::to_string(key.replica) + " " + message});
    };
    // First placements, by service, told once the service's run of replicas ends (replicas are
    // sorted by key, so each service's are contiguous).
    std::vector<const ReplicaRecord*> placed;
    auto tell_placed = [&] {
        if (placed.size() > kPlacementsToldOneByOne) {
            events.push_back(
                {0, now_ms, "placement", subject_of(placed.front()->key), placed_summary(placed)});
        } else {
            for (const ReplicaRecord* replica : placed) {
                add(replica->key, "placed on " + replica->node);
            }
        }
        placed.clear();
    };
    auto old_replicas = index(before.replicas);
    auto new_replicas = index(next.replicas);
    for (const auto& replica : next.replicas) {
        if (replica.job_run != 0) continue;  // the job driver tells of its runs itself
        if (!placed.empty() && (placed.front()->key.stack != replica.key.stack ||
                                placed.front()->key.service != replica.key.service)) {
            tell_placed();
        }
        auto found = old_replicas.find(replica.key);
        const ReplicaRecord* old = found == old_replicas.end() ? nullptr : found->second;
        std::string old_node = old == nullptr ? "" : old->node;
        if (replica.node.empty()) {
            // Repeat a pending reason only when it changed, so re-plans do not flood the log.
            bool news = old == nullptr || !old->node.empty() || old->reason != replica.reason;
            if (news) add(replica.key, "pending: " + replica.reason);
        } else if (old_node.empty()) {
            placed.push_back(&replica);
        } else if (old_node != replica.node) {
            add(replica.key, "moved from " + old_node + " to " + replica.node);
        }
    }
    tell_placed();
    for (const auto& replica : before.replicas) {
        if (replica.job_run != 0 || new_replicas.contains(replica.key)) continue;
        // A removed stack or service is reported once by whoever removed it.
        if (find_service(next, replica.key.stack, replica.key.service) == nullptr) continue;
        add(replica.key, "removed (scaled down)");
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
