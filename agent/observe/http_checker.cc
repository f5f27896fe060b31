#include "agent/observe/http_checker.h"

#include <spdlog/spdlog.h>

#include <tuple>

namespace edge {

namespace {

const DesiredContainer* find_desired(const DesiredSet& desired, const ObservedContainer& c) {
    for (const auto& want : desired.containers) {
        if (std::tie(want.stack, want.service, want.replica) ==
            std::tie(c.stack, c.service, c.replica)) {
            return &want;
        }
    }
    return nullptr;
}

}  // namespace

Result<HttpChecker::Target> HttpChecker::target_for(ContainerEngine& engine,
                                                    const ObservedContainer& container,
                                                    const DesiredContainer& desired) {
    auto cached = targets_.find(container.id);
    if (cached != targets_.end()) return cached->second;
    const HttpCheck& check = *desired.http_check;
    auto details = engine.inspect(container.id);
    if (!details.ok()) return details.error();
    Target target;
    if (!details->ip_address.empty()) {
        target = {details->ip_address, check.port};
    } else {
        for (const auto& port : desired.ports) {
            if (port.container_port != check.port || port.host_port == 0 || port.protocol != "tcp")
                continue;
            bool any = port.host_ip.empty() || port.host_ip == "0.0.0.0" || port.host_ip == "::";
            target = {any ? "127.0.0.1" : port.host_ip, port.host_port};
            break;
        }
    }
    if (target.host.empty()) {
        return make_error("it has no network address and port " + std::to_string(check.port) +
                          " is not published on the host");
    }
    targets_[container.id] = target;
    return target;
}

void HttpChecker::check(const DesiredSet& desired, std::vector<ObservedContainer>& observed,
                        ContainerEngine& engine, int64_t now_ms) {
    std::set<std::string> checked;
    std::set<std::string> present;
    for (auto& container : observed) {
        present.insert(container.id);
        if (container.state != "running") continue;
        const DesiredContainer* want = find_desired(desired, container);
        if (want == nullptr || !want->http_check || container.spec_hash != want->spec_hash) {
            continue;
        }
        const HttpCheck& check = *want->http_check;
        auto target = target_for(engine, container, *want);
        if (!target.ok()) {
            if (unreachable_logged_.insert(container.id).second) {
                spdlog::warn("cannot run the http-check of {}: {}", container.name,
                             target.error().message);
            }
            continue;
        }
        checked.insert(container.id);
        HttpProbeState& state = states_[container.id];
        if (probe_due(check, state, now_ms)) {
            std::string before = state.health;
            record_probe(check, state,
                         probe_(target->host, target->port, check.path, check.timeout_ms), now_ms);
            if (state.health != before) {
                spdlog::info("http-check of {}: {}{}", container.name, state.health,
                             state.last_error.empty() ? "" : " (" + state.last_error + ")");
            }
        }
        container.health = combine_health(container.health, state.health);
    }
    // A stopped or removed container starts its check afresh when it runs again.
    std::erase_if(states_, [&](const auto& entry) { return !checked.contains(entry.first); });
    std::erase_if(targets_, [&](const auto& entry) { return !checked.contains(entry.first); });
    std::erase_if(unreachable_logged_, [&](const auto& id) { return !present.contains(id); });
}

void HttpChecker::forget(const std::string& container_id) {
    states_.erase(container_id);
    targets_.erase(container_id);
}

}  // namespace edge
