#include "core/reconcile/reconcile.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace edge {

namespace {

using Identity = std::tuple<std::string, std::string, int>;  // (stack, service, replica)

Identity identity_of(const DesiredContainer& c) {
    return {c.stack, c.service, c.replica};
}
Identity identity_of(const ObservedContainer& c) {
    return {c.stack, c.service, c.replica};
}

bool is_running(const ObservedContainer& c) {
    // A paused container is alive and holds its memory; the agent never pauses anything, so a
    // paused one was paused by a person on purpose and is left alone.
    return c.state == "running" || c.state == "restarting" || c.state == "paused";
}

// Whether a stopped container should be started again, per its restart policy. A container that
// never ran ("created": the agent stopped between create and start) always gets its first start.
bool wants_start(const DesiredContainer& desired, const ObservedContainer& observed) {
    if (observed.state == "created") return true;
    if (observed.state != "exited") return false;
    switch (desired.restart) {
        case RestartPolicy::kNo:
            return false;
        case RestartPolicy::kAlways:
        case RestartPolicy::kUnlessStopped:
            return true;
        case RestartPolicy::kOnFailure:
            return observed.exit_code != 0;
    }
    return false;
}

// Whether a running but unhealthy container should be restarted. The engine reports health but,
// outside Swarm, never acts on it; the restart policy says whether a failed replica is brought
// back, so a policy of "no" leaves an unhealthy container as it is, for a person to look at.
bool wants_health_restart(const DesiredContainer& desired, const ObservedContainer& observed) {
    return observed.state == "running" && observed.health == kHealthUnhealthy &&
           desired.restart != RestartPolicy::kNo;
}

// Among several containers for one replica, the one to keep: the right spec hash first, then
// running over stopped, then the first listed so the choice is stable. Returns nullptr when no
// container has the right hash, because then every one of them must be replaced.
const ObservedContainer* pick_keeper(const DesiredContainer& desired,
                                     const std::vector<const ObservedContainer*>& candidates) {
    const ObservedContainer* keeper = nullptr;
    for (const ObservedContainer* candidate : candidates) {
        if (candidate->spec_hash != desired.spec_hash) continue;
        // A dead container is one the engine failed to remove; it can never start again.
        if (candidate->state == "dead") continue;
        if (keeper == nullptr || (!is_running(*keeper) && is_running(*candidate))) {
            keeper = candidate;
        }
    }
    return keeper;
}

// Whether a replacement may run next to the container it replaces. A host port can be bound by
// one container only, so a replica that publishes one is always replaced stop-first.
bool may_start_first(const DesiredContainer& desired) {
    return desired.start_first &&
           std::none_of(desired.ports.begin(), desired.ports.end(),
                        [](const PortMapping& port) { return port.host_port != 0; });
}

// Whether a container serves: running, and past its health check's start when it has one.
bool is_up(const ObservedContainer& c) {
    return c.state == "running" && c.health != kHealthStarting && c.health != kHealthUnhealthy;
}

// The name for a replica's new container: its usual one unless a container that stays for now
// (start-first) holds it, then one suffixed with the new spec's hash. Replacements alternate
// between the two, so the names never collide.
std::string name_for_new(const std::string& node, const DesiredContainer& want,
                         const std::vector<const ObservedContainer*>& staying) {
    std::string name = container_name(node, want.stack, want.service, want.replica);
    bool taken = std::any_of(staying.begin(), staying.end(),
                             [&](const ObservedContainer* c) { return c->name == name; });
    return taken ? name + "-" + want.spec_hash.substr(0, 8) : name;
}

ReconcileAction remove_action(const ObservedContainer& c, std::string why) {
    ReconcileAction action;
    action.kind = ReconcileAction::Kind::kRemove;
    action.container_id = c.id;
    action.container_name = c.name;
    action.why = std::move(why);
    return action;
}

std::string describe(const DesiredContainer& c) {
    return c.stack + "/" + c.service + "#" + std::to_string(c.replica);
}

}  // namespace

std::vector<ReconcileAction> reconcile(const DesiredSet& desired,
                                       const std::vector<ObservedContainer>& observed,
                                       int64_t now_ms) {
    // Time is not needed yet: the engine applies restart back-off itself and the agent's pass
    // interval spaces out the starts it issues. The parameter keeps the signature stable for
    // rules that will depend on time (e.g. back-off on repeated failed creates).
    (void)now_ms;

    std::map<Identity, std::vector<const ObservedContainer*>> by_identity;
    for (const auto& container : observed) {
        by_identity[identity_of(container)].push_back(&container);
    }

    std::vector<ReconcileAction> removals;
    std::vector<ReconcileAction> others;
    std::set<Identity> desired_identities;

    for (const auto& want : desired.containers) {
        Identity identity = identity_of(want);
        // A desired set that repeats an identity is the hub's bug; act on the first copy only.
        if (!desired_identities.insert(identity).second) continue;

        auto found = by_identity.find(identity);
        if (found == by_identity.end()) {
            ReconcileAction create;
            create.kind = ReconcileAction::Kind::kCreate;
            create.desired = want;
            create.container_name =
                container_name(desired.node, want.stack, want.service, want.replica);
            create.why = describe(want) + " is desired but has no container";
            others.push_back(std::move(create));
            continue;
        }

        const ObservedContainer* keeper = pick_keeper(want, found->second);
        // Start-first: an old container that still serves stays until its successor is up.
        const bool successor_up = keeper != nullptr && is_up(*keeper);
        std::vector<const ObservedContainer*> staying;
        for (const ObservedContainer* candidate : found->second) {
            if (candidate == keeper) continue;
            std::string why;
            if (candidate->spec_hash != want.spec_hash) {
                if (may_start_first(want) && is_running(*candidate) && !successor_up) {
                    staying.push_back(candidate);
                    continue;
                }
                why = describe(want) + " spec changed (" + candidate->spec_hash + " -> " +
                      want.spec_hash + ")";
                if (may_start_first(want) && successor_up) why += ", its successor is up";
            } else if (candidate->state == "dead") {
                why = describe(want) + " container is dead";
            } else {
                why = describe(want) + " has a duplicate container";
            }
            removals.push_back(remove_action(*candidate, std::move(why)));
        }

        if (keeper == nullptr) {
            ReconcileAction create;
            create.kind = ReconcileAction::Kind::kCreate;
            create.desired = want;
            create.container_name = name_for_new(desired.node, want, staying);
            create.why = describe(want) + " needs a new container";
            if (!staying.empty()) create.why += " (start-first: the old one serves until it is up)";
            others.push_back(std::move(create));
        } else if (wants_start(want, *keeper)) {
            ReconcileAction start;
            start.kind = ReconcileAction::Kind::kStart;
            start.desired = want;  // for the report, should the start fail
            start.container_id = keeper->id;
            start.container_name = keeper->name;
            start.why = describe(want) + " is " + keeper->state + " (exit code " +
                        std::to_string(keeper->exit_code) + "), restart policy " +
                        to_string(want.restart);
            others.push_back(std::move(start));
        } else if (wants_health_restart(want, *keeper)) {
            ReconcileAction restart;
            restart.kind = ReconcileAction::Kind::kRestart;
            restart.container_id = keeper->id;
            restart.container_name = keeper->name;
            restart.why =
                describe(want) + " is unhealthy, restart policy " + to_string(want.restart);
            others.push_back(std::move(restart));
        }
    }

    for (const auto& container : observed) {
        if (desired_identities.count(identity_of(container)) == 0) {
            removals.push_back(remove_action(
                container, container.stack + "/" + container.service + "#" +
                               std::to_string(container.replica) + " is no longer desired"));
        }
    }

    removals.insert(removals.end(), std::make_move_iterator(others.begin()),
                    std::make_move_iterator(others.end()));
    return removals;
}

}  // namespace edge
