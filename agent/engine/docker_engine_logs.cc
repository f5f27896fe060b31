// DockerEngine's LogEngine: GET /containers/{id}/logs, streamed.
#include "agent/engine/docker_api.h"
#include "agent/engine/docker_engine.h"

namespace edge {

Status DockerEngine::stream_logs(const std::string& container_id, const std::string& query,
                                 const std::function<bool(std::string_view)>& on_data,
                                 const std::function<bool()>& keep_going) {
    auto prefix = api_prefix();
    if (!prefix.ok()) return prefix.error();
    HttpRequest request;
    request.path = *prefix + "/containers/" + url_encode(container_id) + "/logs?" + query;
    // A followed stream lasts as long as its session; the session's lease ends it.
    request.timeout_seconds = 0;
    request.allow_idle = true;
    auto response = http_.send_raw_streaming(request, on_data, keep_going);
    if (!response.ok()) return response.error();
    if (response->status >= 300) {
        return make_error("reading the logs of " + container_id.substr(0, 12) + ": " +
                          engine_error_message(response->body));
    }
    return ok_status();
}

}  // namespace edge
