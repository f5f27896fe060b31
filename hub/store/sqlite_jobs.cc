// The SqliteStore tables jobs, job_runs and job_outputs (schema in hub/store/sqlite_schema.cc,
// version 11).
#include <nlohmann/json.hpp>

#include "hub/store/sqlite_store.h"

namespace edge {

using nlohmann::json;

namespace {

Result<std::vector<std::string>> nodes_from(const std::string& text, const std::string& where) {
    json value = json::parse(text, nullptr, false);
    if (!value.is_array()) return make_error(where + " is not a JSON array");
    std::vector<std::string> nodes;
    for (const auto& node : value) {
        if (!node.is_string()) return make_error(where + " holds a non-string");
        nodes.push_back(node.get<std::string>());
    }
    return nodes;
}

}  // namespace

Status SqliteStore::load_jobs(ClusterState& state) {
    auto jobs =
        db_->prepare("SELECT stack, service, suspended, schedule_since_ms, spec_hash FROM jobs");
    if (!jobs) return jobs.error();
    for (;;) {
        auto row = jobs->step();
        if (!row) return row.error();
        if (!*row) break;
        JobRecord& job = state.jobs[job_key(jobs->text(0), jobs->text(1))];
        job.stack = jobs->text(0);
        job.service = jobs->text(1);
        job.schedule.suspended = jobs->integer(2) != 0;
        job.schedule.schedule_since_ms = jobs->integer(3);
        job.spec_hash = jobs->text(4);
    }
    auto runs = db_->prepare(
        "SELECT id, stack, service, trigger, occurrence_ms, state, attempts, started_ms, "
        "attempt_started_ms, retry_at_ms, ended_ms, exit_code, reason, nodes_json FROM job_runs "
        "ORDER BY id");
    if (!runs) return runs.error();
    for (;;) {
        auto row = runs->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string where = "job_runs[" + std::to_string(runs->integer(0)) + "]";
        auto job = state.jobs.find(job_key(runs->text(1), runs->text(2)));
        if (job == state.jobs.end()) return make_error(where + " belongs to no job");
        JobRunRecord record;
        JobRun& run = record.run;
        run.id = runs->integer(0);
        auto trigger = job_run_trigger_from(runs->text(3));
        auto run_state = job_run_state_from(runs->text(5));
        if (!trigger || !run_state) return make_error(where + " has an unknown trigger or state");
        run.trigger = *trigger;
        run.occurrence_ms = runs->integer(4);
        run.state = *run_state;
        run.attempts = static_cast<int>(runs->integer(6));
        run.started_ms = runs->integer(7);
        run.attempt_started_ms = runs->integer(8);
        run.retry_at_ms = runs->integer(9);
        run.ended_ms = runs->integer(10);
        if (!runs->is_null(11)) run.exit_code = static_cast<int>(runs->integer(11));
        run.reason = runs->text(12);
        auto nodes = nodes_from(runs->text(13), where + ".nodes_json");
        if (!nodes) return nodes.error();
        record.nodes = std::move(*nodes);
        job->second.runs.push_back(std::move(record));
    }
    // The highest id ever given, deleted runs included.
    auto last = db_->query_text("SELECT seq FROM sqlite_sequence WHERE name = 'job_runs'");
    if (!last) return last.error();
    state.last_job_run_id = last->empty() ? 0 : std::stoll(*last);
    return ok_status();
}

Status SqliteStore::write_job(const JobRecord& job) {
    auto upsert = db_->prepare(
        "INSERT INTO jobs (stack, service, suspended, schedule_since_ms, spec_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(stack, service) DO UPDATE SET "
        "suspended = excluded.suspended, schedule_since_ms = excluded.schedule_since_ms, "
        "spec_hash = excluded.spec_hash");
    if (!upsert) return upsert.error();
    upsert->bind(1, job.stack);
    upsert->bind(2, job.service);
    upsert->bind(3, int64_t{job.schedule.suspended ? 1 : 0});
    upsert->bind(4, job.schedule.schedule_since_ms);
    upsert->bind(5, job.spec_hash);
    if (Status s = upsert->run(); !s) return s;

    // The runs the record no longer lists were deleted from the history.
    json kept = json::array();
    for (const auto& record : job.runs) kept.push_back(record.run.id);
    auto prune = db_->prepare(
        "DELETE FROM job_runs WHERE stack = ?1 AND service = ?2 AND id NOT IN "
        "(SELECT value FROM json_each(?3))");
    if (!prune) return prune.error();
    prune->bind(1, job.stack);
    prune->bind(2, job.service);
    prune->bind(3, kept.dump());
    if (Status s = prune->run(); !s) return s;

    auto put = db_->prepare(
        // An upsert, not INSERT OR REPLACE: replacing would delete the row, and its output
        // with it (ON DELETE CASCADE).
        "INSERT INTO job_runs (id, stack, service, trigger, occurrence_ms, state, "
        "attempts, started_ms, attempt_started_ms, retry_at_ms, ended_ms, exit_code, reason, "
        "nodes_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
        "ON CONFLICT(id) DO UPDATE SET trigger = excluded.trigger, "
        "occurrence_ms = excluded.occurrence_ms, state = excluded.state, "
        "attempts = excluded.attempts, started_ms = excluded.started_ms, "
        "attempt_started_ms = excluded.attempt_started_ms, retry_at_ms = excluded.retry_at_ms, "
        "ended_ms = excluded.ended_ms, exit_code = excluded.exit_code, "
        "reason = excluded.reason, nodes_json = excluded.nodes_json");
    if (!put) return put.error();
    for (const auto& record : job.runs) {
        const JobRun& run = record.run;
        put->reset();
        put->bind(1, run.id);
        put->bind(2, job.stack);
        put->bind(3, job.service);
        put->bind(4, std::string(job_run_trigger_name(run.trigger)));
        put->bind(5, run.occurrence_ms);
        put->bind(6, std::string(job_run_state_name(run.state)));
        put->bind(7, int64_t{run.attempts});
        put->bind(8, run.started_ms);
        put->bind(9, run.attempt_started_ms);
        put->bind(10, run.retry_at_ms);
        put->bind(11, run.ended_ms);
        if (run.exit_code) {
            put->bind(12, int64_t{*run.exit_code});
        } else {
            put->bind_null(12);
        }
        put->bind(13, run.reason);
        put->bind(14, json(record.nodes).dump());
        if (Status s = put->run(); !s) return s;
    }
    return ok_status();
}

Status SqliteStore::remove_job(const std::string& stack, const std::string& service) {
    for (const char* table : {"job_runs", "jobs"}) {
        auto remove = db_->prepare(std::string("DELETE FROM ") + table +
                                   " WHERE stack = ?1 AND service = ?2");
        if (!remove) return remove.error();
        remove->bind(1, stack);
        remove->bind(2, service);
        if (Status s = remove->run(); !s) return s;
    }
    return ok_status();
}

Status SqliteStore::put_job_output(const StoredJobOutput& output) {
    // INSERT ... SELECT: nothing is written for a run deleted meanwhile.
    auto put = db_->prepare(
        "INSERT OR REPLACE INTO job_outputs (run_id, replica, node, attempt, output, truncated, "
        "updated_ms) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS "
        "(SELECT 1 FROM job_runs WHERE id = ?1)");
    if (!put) return put.error();
    put->bind(1, output.run_id);
    put->bind(2, int64_t{output.replica});
    put->bind(3, output.node);
    put->bind(4, int64_t{output.attempt});
    put->bind_blob(5, output.output);
    put->bind(6, int64_t{output.truncated ? 1 : 0});
    put->bind(7, output.updated_ms);
    return put->run();
}

Result<std::vector<StoredJobOutput>> SqliteStore::job_outputs(int64_t run_id) {
    auto select = db_->prepare(
        "SELECT run_id, replica, node, attempt, output, truncated, updated_ms FROM job_outputs "
        "WHERE run_id = ?1 ORDER BY replica");
    if (!select) return select.error();
    select->bind(1, run_id);
    std::vector<StoredJobOutput> outputs;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        outputs.push_back({select->integer(0), static_cast<int>(select->integer(1)),
                           select->text(2), static_cast<int>(select->integer(3)), select->blob(4),
                           select->integer(5) != 0, select->integer(6)});
    }
    return outputs;
}

}  // namespace edge
