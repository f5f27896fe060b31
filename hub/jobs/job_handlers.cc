#include "hub/jobs/job_handlers.h"

#include <map>

#include "core/environments.h"
#include "hub/api/answer.h"
#include "hub/api/environment_scope.h"
#include "hub/api/query_handlers.h"
#include "hub/jobs/job_driver.h"
#include "hub/jobs/job_policies.h"
#include "hub/state/desired_state.h"
#include "schema/job_messages.h"
#include "schema/requests.h"

namespace edge {

using nlohmann::json;

namespace {

json run_row(const JobRecord& job, const JobRunRecord& record) {
    const JobRun& run = record.run;
    return {{"id", run.id},
            {"stack", job.stack},
            {"service", job.service},
            {"trigger", job_run_trigger_name(run.trigger)},
            {"occurrence_ms", run.occurrence_ms},
            {"state", job_run_state_name(run.state)},
            {"attempts", run.attempts},
            {"started_ms", run.started_ms},
            {"ended_ms", run.ended_ms},
            {"exit_code", run.exit_code ? json(*run.exit_code) : json()},
            {"reason", run.reason},
            {"nodes", record.nodes}};
}

// The job a request names: {stack, service, environment?}.
// The HTTP API names it {"service": "STACK/SERVICE"} (hub/http/api_routes.cc).
Result<JobRecord*> named_job(HandlerContext& ctx, const json& args) {
    auto service = string_arg(args, "service", true);
    if (!service) return service.error();
    auto stack = string_arg(args, "stack", false);
    if (!stack) return stack.error();
    if (stack->empty()) {
        size_t slash = service->find('/');
        if (slash == std::string::npos) return make_error("missing argument \"stack\"");
        *stack = service->substr(0, slash);
        *service = service->substr(slash + 1);
    }
    auto environment = environment_arg(args);
    if (!environment) return environment.error();
    std::string key = job_key(stack_key(*environment, *stack), *service);
    auto job = ctx.state.jobs.find(key);
    if (job == ctx.state.jobs.end()) {
        return make_error("no job " + key +
                          "; a job is a service with deploy.mode replicated-job or global-job, "
                          "or an x-edge schedule");
    }
    return &job->second;
}

json job_row(HandlerContext& ctx, const JobRecord& job) {
    const ServiceSpec* spec = find_service(ctx.state, job.stack, job.service);
    json row = {{"stack", job.stack},
                {"service", job.service},
                {"mode", spec != nullptr && spec->global ? "global-job" : "replicated-job"},
                {"schedule", spec != nullptr && spec->job ? spec->job->schedule : ""},
                {"timezone", ""},
                {"suspended", job.schedule.suspended},
                {"next_ms", json()},
                {"last", json()}};
    if (spec != nullptr && spec->job && ctx.jobs != nullptr) {
        if (auto policy = ctx.jobs->policy(*spec->job)) {
            row["timezone"] = policy->zone.name();
            if (auto next = next_job_occurrence_ms(*policy, job.schedule, ctx.now_ms)) {
                row["next_ms"] = *next;
            }
        } else {
            row["error"] = policy.error().message;
        }
    }
    int succeeded = 0;
    int finished = 0;
    int active = 0;
    for (const auto& record : job.runs) {
        const JobRun& run = record.run;
        if (job_run_active(run.state)) {
            ++active;
            continue;
        }
        ++finished;
        if (run.state == JobRunState::kSucceeded) ++succeeded;
        row["last"] = {{"id", run.id},
                       {"state", job_run_state_name(run.state)},
                       {"ended_ms", run.ended_ms},
                       {"exit_code", run.exit_code ? json(*run.exit_code) : json()},
                       {"reason", run.reason}};
    }
    row["succeeded"] = succeeded;
    row["finished"] = finished;
    row["active"] = active;
    return row;
}

Result<json> list_jobs(HandlerContext& ctx, const json& args) {
    auto filter = environment_filter(args);
    if (!filter) return filter.error();
    json rows = json::array();
    for (const auto& [key, job] : ctx.state.jobs) {
        if (!filter->empty() && split_stack_key(job.stack).environment != *filter) continue;
        rows.push_back(job_row(ctx, job));
    }
    return json{{"jobs", rows}};
}

Result<json> list_runs(HandlerContext& ctx, const json& args) {
    auto job = named_job(ctx, args);
    if (!job) return job.error();
    json rows = json::array();
    for (auto it = (*job)->runs.rbegin(); it != (*job)->runs.rend(); ++it) {
        rows.push_back(run_row(**job, *it));
    }
    return json{{"runs", rows}};
}

Result<json> run_logs(HandlerContext& ctx, const json& args) {
    json run_arg = args.value("run", json());
    if (run_arg.is_string()) {  // a path parameter of the HTTP API
        const std::string text = run_arg.get<std::string>();
        bool digits = !text.empty() && text.size() < 16 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
        run_arg = digits ? json(std::stoll(text)) : json(text);
    }
    auto run_id = integer_arg(json{{"run", run_arg}}, "run", 1, int64_t{1} << 52, 0);
    if (!run_id) return run_id.error();
    if (*run_id == 0) return make_error("missing argument \"run\"");
    for (const auto& [key, job] : ctx.state.jobs) {
        for (const auto& record : job.runs) {
            if (record.run.id != *run_id) continue;
            // An identity limited to an environment reads only its runs.
            if (auto confined = args.find(kConfinedArgument);
                confined != args.end() && confined->is_string() &&
                split_stack_key(job.stack).environment != confined->get<std::string>()) {
                break;
            }
            auto outputs = ctx.store.job_outputs(*run_id);
            if (!outputs) return outputs.error();
            std::string text;
            bool several = outputs->size() > 1;
            for (const auto& output : *outputs) {
                if (several) {
                    text += "==> " + output.node + " (container " + std::to_string(output.replica) +
                            ", attempt " + std::to_string(output.attempt) + ") <==\n";
                }
                if (output.truncated) text += "[earlier output dropped; the last 64 KiB follow]\n";
                text += output.output;
                if (!text.empty() && text.back() != '\n') text += '\n';
            }
            return json{{"run", run_row(job, record)}, {"output", text}};
        }
    }
    return make_error("no run " + std::to_string(*run_id) +
                      " (runs beyond a job's history are "
                      "deleted)");
}

Outcome suspend_job(HandlerContext& ctx, const json& args, bool suspend) {
    auto job = named_job(ctx, args);
    if (!job) return answer(job.error());
    std::string key = job_key((*job)->stack, (*job)->service);
    if ((*job)->schedule.suspended == suspend) {
        return answer(
            json{{"stack", (*job)->stack}, {"service", (*job)->service}, {"suspended", suspend}});
    }
    ClusterState next = ctx.state;
    JobRecord& changed = next.jobs.at(key);
    changed.schedule.suspended = suspend;
    // Occurrences while suspended are neither run nor recorded missed on resume.
    if (!suspend) changed.schedule.schedule_since_ms = ctx.now_ms;
    std::vector<Event> events = {
        {0, ctx.now_ms, "job", key, suspend ? "schedule suspended" : "schedule resumed"}};
    return commit_and_answer(ctx, std::move(next), std::move(events), [&]() -> Result<json> {
        return json{{"stack", changed.stack}, {"service", changed.service}, {"suspended", suspend}};
    });
}

Outcome run_now(HandlerContext& ctx, const json& args) {
    auto job = named_job(ctx, args);
    if (!job) return answer(job.error());
    if (ctx.jobs == nullptr) return answer(make_error("this hub runs no jobs"));
    Outcome outcome;
    auto run = request_run_now(ctx, *ctx.jobs, (*job)->stack, (*job)->service, outcome);
    if (!run) return answer(run.error());
    outcome.response = answer(json{{"run", *run}}).response;
    return outcome;
}

}  // namespace

bool is_job_op(const std::string& op) {
    return op == ops::kJobList || op == ops::kJobRuns || op == ops::kJobLogs ||
           op == ops::kJobRun || op == ops::kJobSuspend || op == ops::kJobResume;
}

bool is_read_only_job_op(const std::string& op) {
    return op == ops::kJobList || op == ops::kJobRuns || op == ops::kJobLogs;
}

Outcome handle_job_request(HandlerContext& ctx, const std::string& op, const json& args) {
    if (op == ops::kJobList) return answer(list_jobs(ctx, args));
    if (op == ops::kJobRuns) return answer(list_runs(ctx, args));
    if (op == ops::kJobLogs) return answer(run_logs(ctx, args));
    if (op == ops::kJobRun) return run_now(ctx, args);
    if (op == ops::kJobSuspend) return suspend_job(ctx, args, true);
    return suspend_job(ctx, args, false);
}

}  // namespace edge
