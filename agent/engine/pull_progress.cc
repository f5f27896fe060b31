#include "agent/engine/pull_progress.h"

#include <nlohmann/json.hpp>

namespace edge {

namespace {

int64_t detail_number(const nlohmann::json& detail, const char* key) {
    auto found = detail.find(key);
    return found != detail.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

}  // namespace

void PullProgress::add_line(std::string_view line) {
    auto document = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (!document.is_object()) return;
    auto id = document.find("id");
    auto status = document.find("status");
    if (id == document.end() || !id->is_string() || status == document.end() ||
        !status->is_string()) {
        return;
    }
    const std::string& what = status->get_ref<const std::string&>();
    Layer& layer = layers_[id->get<std::string>()];
    if (what == "Downloading") {
        auto detail = document.find("progressDetail");
        if (detail == document.end() || !detail->is_object()) return;
        layer.done = detail_number(*detail, "current");
        layer.total = std::max(layer.total, detail_number(*detail, "total"));
    } else if (what == "Download complete" || what == "Pull complete" || what == "Already exists") {
        layer.complete = true;
    }
}

int64_t PullProgress::done_bytes() const {
    int64_t done = 0;
    for (const auto& [id, layer] : layers_) done += layer.complete ? layer.total : layer.done;
    return done;
}

int64_t PullProgress::total_bytes() const {
    int64_t total = 0;
    for (const auto& [id, layer] : layers_) total += layer.total;
    return total;
}

}  // namespace edge
