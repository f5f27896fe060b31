#include "agent/engine/docker_engine.h"

#include "agent/engine/docker_api.h"
#include "agent/engine/pull_progress.h"

namespace edge {

namespace {

constexpr const char* kUnixScheme = "unix://";

Error http_error(const std::string& what, const HttpResponse& response) {
    return make_error(what + ": engine answered " + std::to_string(response.status) + ": " +
                      engine_error_message(response.body));
}

bool is_success(const HttpResponse& response) {
    return response.status >= 200 && response.status < 300;
}

}  // namespace

Result<std::unique_ptr<DockerEngine>> DockerEngine::create(const std::string& endpoint) {
    std::string path = endpoint;
    if (path.rfind(kUnixScheme, 0) == 0) {
        path = path.substr(std::string(kUnixScheme).size());
    } else if (path.find("://") != std::string::npos) {
        return make_error("engine endpoint " + endpoint + " is not a unix:// socket");
    }
    if (path.empty() || path.front() != '/') {
        return make_error("engine endpoint " + endpoint + " needs an absolute socket path");
    }
    // sockaddr_un.sun_path holds 108 bytes including the terminator.
    if (path.size() >= 108) {
        return make_error("engine socket path " + path + " is longer than 107 characters");
    }
    return std::unique_ptr<DockerEngine>(new DockerEngine(path));
}

Result<EngineVersion> DockerEngine::version() {
    // Unversioned on purpose: /version is how the version to speak is found.
    auto response = http_.send({.method = "GET", .path = "/version", .timeout_seconds = 10});
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("GET /version", *response);
    auto version = parse_version(response->body);
    if (!version.ok()) return version.error();
    std::lock_guard lock(mutex_);
    api_version_ = version->api_version;
    return version;
}

Result<std::string> DockerEngine::api_prefix() {
    {
        std::lock_guard lock(mutex_);
        if (!api_version_.empty()) return "/v" + api_version_;
    }
    auto negotiated = version();
    if (!negotiated.ok()) return negotiated.error();
    return "/v" + negotiated->api_version;
}

Result<HttpResponse> DockerEngine::send(const std::string& method, const std::string& path,
                                        std::string body, long timeout_seconds) {
    auto prefix = api_prefix();
    if (!prefix.ok()) return prefix.error();
    auto response = http_.send({.method = method,
                                .path = *prefix + path,
                                .body = std::move(body),
                                .timeout_seconds = timeout_seconds});
    if (!response.ok()) {
        std::lock_guard lock(mutex_);
        api_version_.clear();
    }
    return response;
}

Result<std::vector<ContainerDetails>> DockerEngine::list_by_label(const std::string& key,
                                                                  const std::string& value) {
    nlohmann::json filters = {{"label", {key + "=" + value}}};
    auto response = send("GET", "/containers/json?all=1&filters=" + url_encode(filters.dump()));
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("listing containers", *response);
    return parse_container_list(response->body);
}

Result<ContainerDetails> DockerEngine::inspect(const std::string& id_or_name) {
    auto response = send("GET", "/containers/" + url_encode(id_or_name) + "/json");
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("inspecting " + id_or_name, *response);
    return parse_container_inspect(response->body);
}

Result<bool> DockerEngine::image_exists(const std::string& image) {
    // Image references are made of [a-z0-9._/:@-], all of which stand as they are in a path;
    // the engine's router takes the whole remainder, slashes included, as the name.
    auto response = send("GET", "/images/" + image + "/json");
    if (!response.ok()) return response.error();
    if (response->status == 404) return false;
    if (!is_success(*response)) return http_error("inspecting image " + image, *response);
    return true;
}

Result<std::vector<std::string>> DockerEngine::image_repo_digests(const std::string& image) {
    auto response = send("GET", "/images/" + image + "/json");
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("inspecting image " + image, *response);
    return parse_image_repo_digests(response->body);
}

Status DockerEngine::pull(const std::string& image, const PullObserver& observer) {
    auto prefix = api_prefix();
    if (!prefix.ok()) return prefix.error();
    ImageReference reference = split_image_reference(image);
    std::string path = *prefix + "/images/create?fromImage=" + url_encode(reference.from_image);
    if (!reference.tag.empty()) path += "&tag=" + url_encode(reference.tag);

    // The engine answers 200 at once and reports failures inside the progress stream, so the
    // stream is read to its end and its last error wins.
    std::string stream_error;
    PullProgress progress;
    auto response = http_.send_streaming(
        {.method = "POST", .path = path, .timeout_seconds = 0}, [&](std::string_view line) {
            std::string error = pull_line_error(line);
            if (!error.empty()) stream_error = error;
            if (!observer) return;
            progress.add_line(line);
            observer(progress.done_bytes(), progress.total_bytes());
        });
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("pulling " + image, *response);
    if (!stream_error.empty()) return make_error("pulling " + image + ": " + stream_error);
    return ok_status();
}

Result<std::string> DockerEngine::create(const ContainerCreateSpec& spec) {
    auto response = send("POST", "/containers/create?name=" + url_encode(spec.name),
                         create_container_body(spec).dump());
    if (!response.ok()) return response.error();
    if (response->status == 409) return name_conflict(spec, engine_error_message(response->body));
    if (!is_success(*response)) return http_error("creating " + spec.name, *response);
    auto document = nlohmann::json::parse(response->body, nullptr, false);
    if (document.is_discarded() || !document.is_object() || !document.contains("Id") ||
        !document["Id"].is_string()) {
        return make_error("creating " + spec.name + ": engine answer has no container Id");
    }
    return document["Id"].get<std::string>();
}

Error DockerEngine::name_conflict(const ContainerCreateSpec& spec,
                                  const std::string& engine_message) {
    std::string owner = "a container this agent cannot inspect";
    auto holder = inspect(spec.name);
    if (holder.ok()) {
        auto node = holder->labels.find(kLabelNode);
        owner = node == holder->labels.end()
                    ? "container " + holder->observed.id.substr(0, 12) + ", not managed by edgeorch"
                    : "container " + holder->observed.id.substr(0, 12) + " of edgeorch node " +
                          node->second;
    }
    return make_error("creating " + spec.name + ": the name is taken by " + owner +
                      "; it is left alone (" + engine_message + ")");
}

Status DockerEngine::start(const std::string& id) {
    auto response = send("POST", "/containers/" + url_encode(id) + "/start");
    if (!response.ok()) return response.error();
    // 304: already running, which is what was asked for.
    if (response->status == 304 || is_success(*response)) return ok_status();
    return http_error("starting " + id, *response);
}

Status DockerEngine::stop(const std::string& id, int timeout_seconds) {
    auto response =
        send("POST", "/containers/" + url_encode(id) + "/stop?t=" + std::to_string(timeout_seconds),
             {}, timeout_seconds + 30);
    if (!response.ok()) return response.error();
    if (response->status == 304 || is_success(*response)) return ok_status();
    return http_error("stopping " + id, *response);
}

Status DockerEngine::remove(const std::string& id) {
    // v=false keeps named and anonymous volumes: data outlives its container.
    auto response = send("DELETE", "/containers/" + url_encode(id) + "?force=true&v=false");
    if (!response.ok()) return response.error();
    // 404: already gone, which is what was asked for.
    if (response->status == 404 || is_success(*response)) return ok_status();
    return http_error("removing " + id, *response);
}

Result<std::vector<EngineEvent>> DockerEngine::container_events(const std::string& key,
                                                                const std::string& value,
                                                                int64_t since_s, int64_t until_s) {
    nlohmann::json filters = {
        {"type", {"container"}}, {"event", {"oom", "start"}}, {"label", {key + "=" + value}}};
    // With `until` in the past the engine sends what its log holds and closes the stream.
    auto response =
        send("GET",
             "/events?since=" + std::to_string(since_s) + "&until=" + std::to_string(until_s) +
                 "&filters=" + url_encode(filters.dump()),
             {}, 10);
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("reading container events", *response);
    return parse_container_events(response->body);
}

Status DockerEngine::follow_container_events(
    const std::string& key, const std::string& value,
    const std::function<void(const EngineEvent&)>& on_event,
    const std::function<bool()>& keep_going) {
    auto prefix = api_prefix();
    if (!prefix.ok()) return prefix.error();
    nlohmann::json filters = {{"type", {"container"}},
                              {"event", {"die", "oom", "start", "destroy", "health_status"}},
                              {"label", {key + "=" + value}}};
    HttpRequest request;
    request.path = *prefix + "/events?filters=" + url_encode(filters.dump());
    // The stream lasts as long as the agent; a quiet node sends nothing for hours.
    request.timeout_seconds = 0;
    request.allow_idle = true;
    // The engine sends one JSON object per line, split across reads as it likes. A line longer
    // than any event could be is dropped rather than buffered without end.
    constexpr size_t kMaxLine = 64 * 1024;
    std::string pending;
    bool skipping = false;
    auto on_data = [&](std::string_view data) {
        for (char c : data) {
            if (c != '\n') {
                if (pending.size() < kMaxLine) {
                    pending.push_back(c);
                } else {
                    skipping = true;
                }
                continue;
            }
            if (!skipping) {
                if (auto event = parse_container_event(pending)) on_event(*event);
            }
            pending.clear();
            skipping = false;
        }
        return keep_going();
    };
    auto response = http_.send_raw_streaming(request, on_data, keep_going);
    if (!response.ok()) return response.error();
    if (!is_success(*response)) return http_error("following container events", *response);
    return ok_status();
}

}  // namespace edge
