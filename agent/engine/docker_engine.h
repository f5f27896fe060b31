// DockerEngine: ContainerEngine over the Docker Engine API on a unix socket (dockerd, or
// Podman's Docker-compatible service). The API version is negotiated from GET /version on first
// use and again after the engine was unreachable, since it may have been upgraded meanwhile.
// Thread-safety: safe to call from several threads; the negotiated version is guarded by a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "agent/engine/engine.h"
#include "agent/engine/log_engine.h"
#include "agent/engine/network_engine.h"
#include "agent/engine/unix_http.h"

namespace edge {

class DockerEngine : public ContainerEngine, public NetworkEngine, public LogEngine {
  public:
    // endpoint: "unix:///run/docker.sock" or a plain socket path.
    static Result<std::unique_ptr<DockerEngine>> create(const std::string& endpoint);

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
    Status follow_container_events(const std::string& key, const std::string& value,
                                   const std::function<void(const EngineEvent&)>& on_event,
                                   const std::function<bool()>& keep_going) override;

    // NetworkEngine, in docker_engine_networks.cc.
    Result<std::vector<std::string>> list_networks(const std::string& key,
                                                   const std::string& value) override;
    Status create_network(const NetworkToCreate& network, const std::string& node) override;
    Status remove_network(const std::string& name) override;

    // LogEngine, in docker_engine_logs.cc.
    Status stream_logs(const std::string& container_id, const std::string& query,
                       const std::function<bool(std::string_view)>& on_data,
                       const std::function<bool()>& keep_going) override;

  private:
    explicit DockerEngine(std::string socket_path) : http_(std::move(socket_path)) {}

    // "/v1.41", negotiating first when needed.
    Result<std::string> api_prefix();
    // Sends a versioned request; on a transport failure forgets the negotiated version.
    Result<HttpResponse> send(const std::string& method, const std::string& path,
                              std::string body = {}, long timeout_seconds = 60);
    // Explains a 409 on create: whose container holds the name.
    Error name_conflict(const ContainerCreateSpec& spec, const std::string& engine_message);

    UnixHttpClient http_;
    std::mutex mutex_;
    std::string api_version_;  // GUARDED_BY(mutex_); empty until negotiated
};

}  // namespace edge
