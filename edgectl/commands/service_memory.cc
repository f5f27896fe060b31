#include "edgectl/commands/service_memory.h"

#include <iostream>

#include "edgectl/commands.h"
#include "edgectl/output.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

bool learns(const nlohmann::json& row) {
    std::string mode = field_text(row, "memory_mode");
    return mode == "auto" || mode == "recommend";
}

std::string recommendation_cell(const nlohmann::json& row) {
    if (int64_t recommended = field_integer(row, "memory_recommendation"); recommended > 0) {
        return memory_cell(recommended);
    }
    int64_t window = field_integer(row, "memory_observation_ms");
    if (window <= 0) return "-";
    int64_t seen = std::min<int64_t>(100, field_integer(row, "memory_observed_ms") * 100 / window);
    return "observing " + std::to_string(seen) + "%";
}

}  // namespace

bool any_learning(const nlohmann::json& rows) {
    if (!rows.is_array()) return false;
    for (const auto& row : rows) {
        if (learns(row)) return true;
    }
    return false;
}

std::vector<std::string> memory_cells(const nlohmann::json& row, const char* peak_key) {
    std::string mode = field_text(row, "memory_mode", "fixed");
    if (!learns(row)) return {mode, "-", "-"};
    return {mode, memory_cell(field_integer(row, peak_key)), recommendation_cell(row)};
}

std::string render_resize(const nlohmann::json& row) {
    std::string name = field_text(row, "stack") + "/" + field_text(row, "service");
    std::string text = name + ": " + field_text(row, "memory_mode") + ", limit " +
                       memory_cell(field_integer(row, "memory_limit")) + ", peak " +
                       memory_cell(field_integer(row, "memory_peak_window")) + ", recommended " +
                       recommendation_cell(row) + "\n";
    if (std::string pending = field_text(row, "memory_pending"); !pending.empty()) {
        text += pending + "\n";
    }
    if (field_bool(row, "applied")) {
        text +=
            "applied: its replicas take the new limit in a rolling update per "
            "update_config\n";
    } else if (field_integer(row, "memory_recommendation") > 0) {
        text += "`edgectl service resize " + name + " --apply` applies it\n";
    }
    return text;
}

int run_service_resize(const CommandContext& context, const std::string& service, bool apply) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kServiceResize, {{"service", service}, {"apply", apply}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_resize(*data);
    }
    return kExitOk;
}

}  // namespace edge::ctl
