#include "edgectl/commands/job_render.h"

#include <chrono>

#include "edgectl/args.h"
#include "edgectl/output.h"

namespace edge::ctl {

namespace {

using nlohmann::json;

// The array at `key` of an answer object; empty when it is missing or not an array.
const json& rows_at(const json& data, const char* key) {
    static const json kNone = json::array();
    if (!data.is_object()) return kNone;
    auto found = data.find(key);
    return found != data.end() && found->is_array() ? *found : kNone;
}

// An exit code is null until a container exited.
std::string exit_code_text(const json& row) {
    if (!row.is_object()) return "";
    auto code = row.find("exit_code");
    if (code == row.end() || !code->is_number_integer()) return "";
    return std::to_string(code->get<int64_t>());
}

std::string nodes_text(const json& run) {
    std::string text;
    for (const auto& node : rows_at(run, "nodes")) {
        if (node.is_string()) text += (text.empty() ? "" : ",") + node.get<std::string>();
    }
    return text;
}

// How far ahead `then_ms` is, in the coarse unit age_cell uses: "in 40s", "in 5h", "due".
std::string until_cell(int64_t then_ms, int64_t now_ms) {
    int64_t seconds = (then_ms - now_ms) / 1000;
    if (seconds <= 0) return "due";
    if (seconds < 60) return "in " + std::to_string(seconds) + "s";
    if (seconds < 3600) return "in " + std::to_string(seconds / 60) + "m";
    if (seconds < 86400) return "in " + std::to_string(seconds / 3600) + "h";
    return "in " + std::to_string(seconds / 86400) + "d";
}

std::string schedule_cell(const json& job) {
    std::string schedule = field_text(job, "schedule");
    if (schedule.empty()) return "on demand";
    std::string zone = field_text(job, "timezone");
    return zone.empty() ? schedule : schedule + " (" + zone + ")";
}

// The last run: "succeeded 3h ago", "failed (exit 1, deadline) 5m ago", "running".
std::string last_cell(const json& job, int64_t now_ms) {
    auto last = job.is_object() ? job.find("last") : job.end();
    if (last == job.end() || !last->is_object()) return "-";
    std::string text = field_text(*last, "state", "?");
    std::string details = exit_code_text(*last);
    if (!details.empty()) details = "exit " + details;
    if (std::string reason = field_text(*last, "reason"); !reason.empty()) {
        details += (details.empty() ? "" : ", ") + reason;
    }
    if (!details.empty() && text != "succeeded") text += " (" + details + ")";
    if (int64_t ended = field_integer(*last, "ended_ms"); ended > 0) {
        text += " " + age_cell(ended, now_ms);
    }
    return text;
}

std::string next_cell(const json& job, int64_t now_ms) {
    if (field_bool(job, "suspended")) return "suspended";
    int64_t next = field_integer(job, "next_ms");
    return next > 0 ? until_cell(next, now_ms) : "-";
}

// "9/10 90%": runs that succeeded out of those that ended.
std::string success_cell(const json& job) {
    int64_t finished = field_integer(job, "finished");
    if (finished <= 0) return "-";
    int64_t succeeded = field_integer(job, "succeeded");
    return std::to_string(succeeded) + "/" + std::to_string(finished) + " " +
           std::to_string(succeeded * 100 / finished) + "%";
}

// Whole seconds: a run's length to the millisecond is noise.
std::string duration_cell(const json& run, int64_t now_ms) {
    int64_t started = field_integer(run, "started_ms");
    if (started <= 0) return "-";
    int64_t ended = field_integer(run, "ended_ms");
    int64_t ms = std::max<int64_t>(0, (ended > 0 ? ended : now_ms) - started);
    return format_duration(std::chrono::milliseconds(ms / 1000 * 1000));
}

}  // namespace

Result<JobRef> parse_job_ref(const std::string& text) {
    size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() ||
        text.find('/', slash + 1) != std::string::npos) {
        return make_error("expected a job as STACK/SERVICE, e.g. db/backup, got \"" + text + "\"");
    }
    return JobRef{text.substr(0, slash), text.substr(slash + 1)};
}

std::string render_jobs(const json& data, int64_t now_ms) {
    Table table({"JOB", "SCHEDULE", "LAST", "NEXT", "SUCCESS", "ACTIVE"});
    for (const auto& job : rows_at(data, "jobs")) {
        table.add_row({field_text(job, "stack") + "/" + field_text(job, "service"),
                       schedule_cell(job), last_cell(job, now_ms), next_cell(job, now_ms),
                       success_cell(job), std::to_string(field_integer(job, "active"))});
    }
    return table.render();
}

std::string render_job_runs(const json& data, int64_t now_ms) {
    Table table({"RUN", "TRIGGER", "OCCURRENCE", "STATE", "ATTEMPTS", "STARTED", "DURATION", "EXIT",
                 "NODES", "REASON"});
    for (const auto& run : rows_at(data, "runs")) {
        std::string exit_code = exit_code_text(run);
        std::string nodes = nodes_text(run);
        table.add_row({std::to_string(field_integer(run, "id")), field_text(run, "trigger"),
                       time_cell(field_integer(run, "occurrence_ms")), field_text(run, "state"),
                       std::to_string(field_integer(run, "attempts")),
                       age_cell(field_integer(run, "started_ms"), now_ms),
                       duration_cell(run, now_ms), exit_code.empty() ? "-" : exit_code,
                       nodes.empty() ? "-" : nodes, field_text(run, "reason")});
    }
    return table.render();
}

json find_job_run(const json& data, int64_t id) {
    for (const auto& run : rows_at(data, "runs")) {
        if (field_integer(run, "id", -1) == id) return run;
    }
    return nullptr;
}

bool job_run_ended(const json& run) {
    std::string state = field_text(run, "state");
    return state == "succeeded" || state == "failed" || state == "missed";
}

std::string job_run_progress(const json& run) {
    std::string line =
        "run " + std::to_string(field_integer(run, "id")) + ": " + field_text(run, "state", "?");
    if (int64_t attempts = field_integer(run, "attempts"); attempts > 0) {
        line += ", attempt " + std::to_string(attempts);
    }
    if (std::string nodes = nodes_text(run); !nodes.empty()) line += " on " + nodes;
    if (std::string code = exit_code_text(run); !code.empty()) line += ", exit " + code;
    if (std::string reason = field_text(run, "reason"); !reason.empty()) line += ", " + reason;
    return line;
}

}  // namespace edge::ctl
