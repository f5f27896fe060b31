#include "agent/testing/fake_engine.h"

namespace edge::testing {

Status FakeEngine::check_reachable() const {
    if (!reachable) return make_error("connect to engine socket: Connection refused");
    return ok_status();
}

Result<EngineVersion> FakeEngine::version() {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    return EngineVersion{"fake", "1.41", "linux", "amd64"};
}

Result<std::vector<ContainerDetails>> FakeEngine::list_by_label(const std::string& key,
                                                                const std::string& value) {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    calls.push_back("list");
    std::vector<ContainerDetails> list;
    for (const auto& [id, details] : containers) {
        auto label = details.labels.find(key);
        if (label == details.labels.end() || label->second != value) continue;
        ContainerDetails summary = details;
        // A listing carries no exit code, limits or restart count; only inspect does.
        summary.observed.exit_code = 0;
        summary.observed.oom_killed = false;
        summary.observed.memory_limit = 0;
        summary.observed.engine_restarts = 0;
        if (moved_tags.count(summary.image) > 0)
            summary.image = "sha256:" + summary.observed.image_id;
        list.push_back(summary);
    }
    return list;
}

Result<ContainerDetails> FakeEngine::inspect(const std::string& id_or_name) {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    for (const auto& [id, details] : containers) {
        if (id == id_or_name || details.observed.name == id_or_name) return details;
    }
    return make_error("No such container: " + id_or_name);
}

Result<bool> FakeEngine::image_exists(const std::string& image) {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    return local_images.count(image) > 0;
}

Result<std::vector<std::string>> FakeEngine::image_repo_digests(const std::string& image) {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    auto found = repo_digests.find(image);
    if (found == repo_digests.end()) return std::vector<std::string>{};
    return found->second;
}

Status FakeEngine::pull(const std::string& image, const PullObserver& observer) {
    if (Status s = check_reachable(); !s.ok()) return s;
    calls.push_back("pull " + image);
    if (unpullable_images.count(image) > 0) {
        return make_error("pull access denied for " + image);
    }
    if (observer) {
        observer(pulled_bytes / 2, pulled_bytes);
        if (while_pulling) while_pulling();
        observer(pulled_bytes, pulled_bytes);
    }
    local_images.insert(image);
    return ok_status();
}

Result<std::string> FakeEngine::create(const ContainerCreateSpec& spec) {
    if (Status s = check_reachable(); !s.ok()) return s.error();
    calls.push_back("create " + spec.name);
    for (const auto& [id, details] : containers) {
        if (details.observed.name == spec.name) {
            return make_error("Conflict. The container name \"/" + spec.name +
                              "\" is already in use");
        }
    }
    const DesiredContainer& c = spec.container;
    ContainerDetails details;
    details.labels = {
        {kLabelNode, spec.node},       {kLabelStack, c.stack},
        {kLabelService, c.service},    {kLabelReplica, std::to_string(c.replica)},
        {kLabelSpecHash, c.spec_hash}, {kLabelGeneration, std::to_string(spec.generation)}};
    ObservedContainer& o = details.observed;
    o.name = spec.name;
    o.stack = c.stack;
    o.service = c.service;
    o.replica = c.replica;
    o.spec_hash = c.spec_hash;
    o.generation = spec.generation;
    o.state = "created";
    o.memory_limit = c.memory_limit;
    // The fake's image IDs are the references; repo_digests maps them to digests.
    details.image = c.image;
    o.image_id = c.image;
    return add(std::move(details));
}

Status FakeEngine::start(const std::string& id) {
    if (Status s = check_reachable(); !s.ok()) return s;
    calls.push_back("start " + id);
    auto found = containers.find(id);
    if (found == containers.end()) return make_error("No such container: " + id);
    if (unstartable.count(id) > 0) {
        return make_error(start_error.empty() ? "task " + id + ": already exists" : start_error);
    }
    found->second.observed.state = "running";
    found->second.observed.exit_code = 0;
    return ok_status();
}

Status FakeEngine::stop(const std::string& id, int timeout_seconds) {
    if (Status s = check_reachable(); !s.ok()) return s;
    calls.push_back("stop " + id);
    stop_timeouts.push_back(timeout_seconds);
    auto found = containers.find(id);
    if (found == containers.end()) return make_error("No such container: " + id);
    found->second.observed.state = "exited";
    return ok_status();
}

Status FakeEngine::remove(const std::string& id) {
    if (Status s = check_reachable(); !s.ok()) return s;
    calls.push_back("remove " + id);
    if (unremovable) return make_error("removal of container " + id + " is already in progress");
    containers.erase(id);
    return ok_status();
}

std::string FakeEngine::add(ContainerDetails details) {
    std::string id = "c" + std::to_string(next_id_++);
    details.observed.id = id;
    containers[id] = std::move(details);
    return id;
}

void FakeEngine::exit(const std::string& id, int exit_code) {
    auto& observed = containers.at(id).observed;
    observed.state = "exited";
    observed.exit_code = exit_code;
}

Result<std::vector<EngineEvent>> FakeEngine::container_events(const std::string&,
                                                              const std::string&, int64_t since_s,
                                                              int64_t until_s) {
    if (Status up = check_reachable(); !up.ok()) return up.error();
    std::vector<EngineEvent> events;
    for (const auto& event : event_log) {
        int64_t seconds = event.time_ms / 1000;
        if (seconds >= since_s && seconds <= until_s) events.push_back(event);
    }
    return events;
}

}  // namespace edge::testing
