#include "edgectl/log_view.h"

#include <random>

#include "edgectl/args.h"

namespace edge::ctl {

Result<nlohmann::json> logs_request_args(const LogsOptions& options, const std::string& session,
                                         int64_t now_ms) {
    nlohmann::json args = {
        {"service", options.service}, {"session", session}, {"follow", options.follow}};
    if (options.tail >= 0) {
        if (options.tail > kMaxLogTail) {
            return make_error("--tail: at most " + std::to_string(kMaxLogTail) + " lines");
        }
        args["tail"] = options.tail;
    }
    if (!options.since.empty()) {
        auto since = parse_duration(options.since);
        if (!since) return make_error("--since: " + since.error().message);
        args["since_ms"] = std::max<int64_t>(0, now_ms - since->count());
    }
    return args;
}

std::string new_log_session_id() {
    std::random_device random;
    static const char* kHex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 16; ++i) id += kHex[random() % 16];
    return id;
}

std::string render_log_line(const std::string& service, const std::string& node,
                            const LogLine& line) {
    return service + "." + std::to_string(line.replica) + "@" + node + " | " + line.text;
}

void LogProgress::record(const LogBatch& batch) {
    if (!batch.error.empty()) errors_.push_back(batch.node + ": " + batch.error);
    if (batch.end) waiting_.erase(batch.node);
}

std::string LogProgress::waiting_for() const {
    std::string text;
    for (const auto& node : waiting_) text += (text.empty() ? "" : ", ") + node;
    return text;
}

}  // namespace edge::ctl
