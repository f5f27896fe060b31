// HttpChecker: runs the x-edge http-check of every running container that has one, at its
// interval, and folds the result into the container's observed health (with the engine's own
// health check, when there is one too: core of that is combine_health()).
//
// Where the request goes: the container's own network address when it has one (bridge and
// user networks); otherwise 127.0.0.1 and the host port that publishes the check's port. A
// container with neither (network "none", port not published) cannot be checked from outside;
// that is logged once and its health is left to the engine.
// Probes run on the reconcile thread, one after another, each bounded by the check's timeout.
// Thread-safety: not thread-safe; used by the agent's reconcile thread only.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/engine/engine.h"
#include "agent/observe/http_probe.h"
#include "core/model.h"

namespace edge {

class HttpChecker {
  public:
    using Probe = std::function<Result<long>(const std::string& host, int port,
                                             const std::string& path, int64_t timeout_ms)>;
    explicit HttpChecker(Probe probe = probe_http) : probe_(std::move(probe)) {}

    void check(const DesiredSet& desired, std::vector<ObservedContainer>& observed,
               ContainerEngine& engine, int64_t now_ms);
    // Starts a container's check afresh, e.g. after the agent restarted it.
    void forget(const std::string& container_id);

  private:
    struct Target {
        std::string host;
        int port = 0;
    };
    // Where to send the check, or an error saying why there is nowhere.
    Result<Target> target_for(ContainerEngine& engine, const ObservedContainer& container,
                              const DesiredContainer& desired);

    Probe probe_;
    std::map<std::string, HttpProbeState> states_;  // by container id
    std::map<std::string, Target> targets_;         // by container id, resolved once
    std::set<std::string> unreachable_logged_;      // container ids already warned about
};

}  // namespace edge
