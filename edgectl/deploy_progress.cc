#include "edgectl/deploy_progress.h"

#include "edgectl/output.h"

namespace edge::ctl {

ServiceProgress summarize_progress(const nlohmann::json& rows, const nlohmann::json& service_row) {
    ServiceProgress progress;
    if (service_row.is_object() && service_row.contains("rollout")) {
        progress.rollout_phase = field_text(service_row["rollout"], "phase");
        progress.rollout_message = field_text(service_row["rollout"], "message");
    }
    if (!rows.is_array()) return progress;
    for (const auto& row : rows) {
        std::string state = field_text(row, "state");
        if (state == "pending" || field_text(row, "node").empty()) continue;
        ++progress.placed;
        std::string health = field_text(row, "health");
        if (state == "outdated") {
            ++progress.outdated;
        } else if (state == "running" && (health.empty() || health == "healthy")) {
            ++progress.updated;
        } else if (state == "running" && health == "starting") {
            ++progress.starting;
        } else if (state == "assigned" || state == "created" || state == "unknown") {
            ++progress.starting;
            if (field_bool(row, "pulling")) {
                ++progress.pulling;
                progress.pull_done_bytes += field_integer(row, "pull_done_bytes");
                progress.pull_total_bytes += field_integer(row, "pull_total_bytes");
            } else if (field_integer(row, "retry_at_ms") > 0) {
                ++progress.retrying;
            }
        } else {
            ++progress.failing;
        }
    }
    return progress;
}

std::string progress_line(const std::string& service, const ServiceProgress& progress,
                          size_t name_width) {
    std::string line = service;
    if (line.size() < name_width) line.append(name_width - line.size(), ' ');
    line += "  " + std::to_string(progress.updated) + "/" + std::to_string(progress.placed) +
            " updated";
    if (progress.outdated > 0) line += "  " + std::to_string(progress.outdated) + " outdated";
    if (progress.starting > 0) line += "  " + std::to_string(progress.starting) + " starting";
    if (progress.pulling > 0) {
        line += "  " + std::to_string(progress.pulling) + " pulling";
        if (progress.pull_total_bytes > 0) {
            line += " (" + pull_share(progress.pull_done_bytes, progress.pull_total_bytes) + ")";
        }
    }
    if (progress.retrying > 0) {
        line += "  " + std::to_string(progress.retrying) + " retrying a failed create";
    }
    if (progress.failing > 0) line += "  " + std::to_string(progress.failing) + " failing";
    if (progress.rollout_phase == "rolling-back") line += "  rolling back";
    if (progress.rollout_phase == "paused") line += "  paused";
    return line;
}

}  // namespace edge::ctl
