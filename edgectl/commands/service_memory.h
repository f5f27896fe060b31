// Learned memory limits in edgectl (docs/memory.md): the SIZING, PEAK and RECOMMENDED columns
// of `service ls` and `service ps`, shown when some service learns its limit, and
// `edgectl service resize SERVICE [--apply]`.
// Thread-safety: pure functions, except run_service_resize (talks to the hub).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgectl/cli.h"

namespace edge::ctl {

// Some row is of a service in auto or recommend mode.
bool any_learning(const nlohmann::json& rows);
inline const std::vector<std::string>& memory_headers() {
    static const std::vector<std::string> headers = {"SIZING", "PEAK", "RECOMMENDED"};
    return headers;
}
// The cells under memory_headers(): the mode; the peak (`peak_key`: the service's kept peak
// for ls, the container's for ps); the recommendation, or how much of the observation window
// has been seen ("observing 40%").
std::vector<std::string> memory_cells(const nlohmann::json& row, const char* peak_key);

// "demo/app: auto, limit 256 MiB, peak 20 MiB, recommended 32 MiB" and, once applied, what
// happens next.
std::string render_resize(const nlohmann::json& row);
int run_service_resize(const CommandContext& context, const std::string& service, bool apply);

}  // namespace edge::ctl
