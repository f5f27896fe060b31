#include "hub/jobs/job_driver.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/reconcile/health.h"
#include "hub/jobs/job_sync.h"
#include "hub/jobs/job_tasks.h"
#include "hub/state/desired_state.h"

namespace edge {

namespace {

// Job events: "job-failed" for what needs a person (a failed or missed run), which webhooks
// post by default; "job" for the rest.
constexpr const char* kJobEvent = "job";
constexpr const char* kJobFailedEvent = "job-failed";

// One pass's edits of a copy of the state, and the events that tell of them.
class JobPass {
  public:
    JobPass(HandlerContext& ctx, JobPolicies& policies)
        : ctx_(ctx), policies_(policies), next_(ctx.state) {}

    ClusterState& next() { return next_; }
    std::vector<Event>& events() { return events_; }
    bool changed() const { return changed_; }

    void sync() {
        JobSync sync = sync_jobs(next_, ctx_.now_ms);
        changed_ = changed_ || sync.changed;
        for (const auto& key : sync.run_now) {
            JobRecord& job = next_.jobs.at(key);
            auto asked = ask_run(job);
            if (!asked)
                event(job, kJobFailedEvent, "not run after the deploy: " + asked.error().message);
        }
    }

    void end_tasks() {
        std::map<int64_t, std::vector<JobTaskEnd>> by_run;
        for (auto& end : ended_job_tasks(next_, ctx_.observed)) by_run[end.run_id].push_back(end);
        for (auto& [run_id, ends] : by_run) end_run_tasks(run_id, ends);
        drop_orphan_tasks();
    }

    void decide() {
        for (auto& [key, job] : next_.jobs) {
            // A run stored by this pass starts in the next one, from the stored record.
            if (stored_.contains(key)) continue;
            const JobPolicy* policy = policy_of(job);
            if (policy == nullptr) continue;
            JobDecision decision =
                decide_job_runs(*policy, job.schedule, runs_of(job), ctx_.now_ms);
            apply(job, decision.actions);
        }
    }

    Result<int64_t> ask_run(JobRecord& job) {
        const JobPolicy* policy = policy_of(job);
        if (policy == nullptr) return make_error("the job cannot be scheduled; see its events");
        auto decision = request_job_run(*policy, runs_of(job), ctx_.now_ms);
        if (!decision) return decision.error();
        int64_t before = next_.last_job_run_id;
        apply(job, decision->actions);
        if (next_.last_job_run_id == before) return make_error("no run was stored");
        return next_.last_job_run_id;
    }

  private:
    const ServiceSpec* spec_of(const JobRecord& job) const {
        return find_service(next_, job.stack, job.service);
    }

    // The job's policy; null (with an event, once per hub run) when it cannot be compiled.
    const JobPolicy* policy_of(const JobRecord& job) {
        const ServiceSpec* spec = spec_of(job);
        if (spec == nullptr || !spec->job) return nullptr;
        std::string key = job_key(job.stack, job.service);
        auto policy = policies_.policy(*spec->job);
        if (!policy) {
            if (policies_.first_report(key, policy.error().message)) {
                event(job, kJobFailedEvent, "cannot schedule: " + policy.error().message);
            }
            return nullptr;
        }
        compiled_[key] = *policy;
        return &compiled_[key];
    }

    static std::vector<JobRun> runs_of(const JobRecord& job) {
        std::vector<JobRun> runs;
        for (const auto& record : job.runs) runs.push_back(record.run);
        return runs;
    }

    JobRunRecord* find_run(JobRecord& job, int64_t run_id) {
        for (auto& record : job.runs) {
            if (record.run.id == run_id) return &record;
        }
        return nullptr;
    }

    // The job and run a job container belongs to.
    std::pair<JobRecord*, JobRunRecord*> owner(const std::string& stack, const std::string& service,
                                               int64_t run_id) {
        auto job = next_.jobs.find(job_key(stack, service));
        if (job == next_.jobs.end()) return {nullptr, nullptr};
        return {&job->second, find_run(job->second, run_id)};
    }

    void remove_tasks(int64_t run_id, const ReplicaKey* only = nullptr) {
        std::erase_if(next_.replicas, [&](const ReplicaRecord& replica) {
            return replica.job_run == run_id && (only == nullptr || replica.key == *only);
        });
        changed_ = true;
    }

    bool has_tasks(int64_t run_id) const {
        return std::any_of(next_.replicas.begin(), next_.replicas.end(),
                           [&](const ReplicaRecord& replica) { return replica.job_run == run_id; });
    }

    void end_run_tasks(int64_t run_id, const std::vector<JobTaskEnd>& ends) {
        const JobTaskEnd& first = ends.front();
        auto [job, record] = owner(first.key.stack, first.key.service, run_id);
        if (job == nullptr || record == nullptr || record->run.state != JobRunState::kRunning) {
            remove_tasks(run_id);  // the run is over or gone; its containers go too
            return;
        }
        const JobPolicy* policy = policy_of(*job);
        JobRetryPolicy retry = policy != nullptr ? policy->retry : JobRetryPolicy{};
        auto failed = std::find_if(ends.begin(), ends.end(),
                                   [](const JobTaskEnd& end) { return !end.succeeded(); });
        if (failed != ends.end()) {
            // One failed container fails the attempt; the others are stopped.
            remove_tasks(run_id);
            JobAttemptOutcome outcome = failed->outcome;
            if (ends.size() > 1 || record->nodes.size() > 1) {
                std::string what = outcome.reason.empty() && outcome.exit_code
                                       ? "exit code " + std::to_string(*outcome.exit_code)
                                       : outcome.reason;
                outcome.reason = what + " on " + failed->node;
            }
            attempt_ended(*job, *record, outcome, retry);
            return;
        }
        for (const auto& end : ends) remove_tasks(run_id, &end.key);
        if (!has_tasks(run_id)) attempt_ended(*job, *record, {0, ""}, retry);
    }

    void attempt_ended(JobRecord& job, JobRunRecord& record, const JobAttemptOutcome& outcome,
                       const JobRetryPolicy& retry) {
        record.run = job_attempt_ended(record.run, outcome, retry, ctx_.now_ms);
        changed_ = true;
        const JobRun& run = record.run;
        std::string name = "run " + std::to_string(run.id);
        if (run.state == JobRunState::kSucceeded) {
            event(job, kJobEvent, name + " succeeded");
        } else if (run.state == JobRunState::kRetryWait) {
            event(job, kJobEvent,
                  name + " attempt " + std::to_string(run.attempts) + " failed (" + run.reason +
                      "); retrying in " + format_compose_duration(run.retry_at_ms - ctx_.now_ms));
        } else {
            event(job, kJobFailedEvent, name + " failed: " + run.reason);
        }
    }

    // Job containers whose run is no longer running (stopped, deleted, its job removed).
    void drop_orphan_tasks() {
        std::vector<int64_t> orphans;
        for (const auto& replica : next_.replicas) {
            if (replica.job_run == 0) continue;
            auto [job, record] = owner(replica.key.stack, replica.key.service, replica.job_run);
            if (record == nullptr || record->run.state != JobRunState::kRunning ||
                record->run.attempts != replica.job_attempt) {
                orphans.push_back(replica.job_run);
            }
        }
        for (int64_t run_id : orphans) remove_tasks(run_id);
    }

    void apply(JobRecord& job, const std::vector<JobAction>& actions) {
        for (const JobAction& action : actions) {
            // A start that must wait for a node changes nothing; every other action does.
            if (action.kind != JobAction::Kind::kStart) changed_ = true;
            switch (action.kind) {
                case JobAction::Kind::kStore:
                    store(job, action.run);
                    break;
                case JobAction::Kind::kStart:
                    start(job, action.run_id);
                    break;
                case JobAction::Kind::kStop:
                    if (JobRunRecord* record = find_run(job, action.run_id)) {
                        remove_tasks(action.run_id);
                        record->run = job_run_stopped(record->run, action.reason, ctx_.now_ms);
                        event(
                            job, kJobFailedEvent,
                            "run " + std::to_string(action.run_id) + " stopped: " + action.reason);
                    }
                    break;
                case JobAction::Kind::kMarkMissed:
                    if (JobRunRecord* record = find_run(job, action.run_id)) {
                        record->run = job_run_missed(record->run, action.reason, ctx_.now_ms);
                        event(job, kJobFailedEvent,
                              "run " + std::to_string(action.run_id) + " missed: " + action.reason);
                    }
                    break;
                case JobAction::Kind::kDelete:
                    std::erase_if(job.runs, [&](const JobRunRecord& record) {
                        return record.run.id == action.run_id;
                    });
                    break;
            }
        }
    }

    void store(JobRecord& job, JobRun run) {
        run.id = ++next_.last_job_run_id;
        stored_.insert(job_key(job.stack, job.service));
        if (run.state == JobRunState::kMissed) {
            event(job, kJobFailedEvent, "run " + std::to_string(run.id) + " missed: " + run.reason);
        }
        job.runs.push_back({std::move(run), {}});
    }

    void start(JobRecord& job, int64_t run_id) {
        JobRunRecord* record = find_run(job, run_id);
        const ServiceSpec* spec = spec_of(job);
        if (record == nullptr || spec == nullptr) return;
        auto placed = place_job_attempt(next_, ctx_.placement, job.stack, *spec, run_id,
                                        record->run.attempts + 1, ctx_.now_ms);
        if (!placed) {
            // Like a pending replica, the run waits for a node (one just restarted, or memory
            // freed); a scheduled run waits until its starting deadline, then it is missed.
            std::string waiting = "waiting for a node: " + placed.error().message;
            if (record->run.reason != waiting) {
                record->run.reason = waiting;
                event(job, kJobEvent, "run " + std::to_string(run_id) + " " + waiting);
            }
            return;
        }
        record->run = job_attempt_started(record->run, ctx_.now_ms);
        record->run.reason.clear();
        record->nodes.clear();
        for (auto& replica : *placed) {
            record->nodes.push_back(replica.node);
            next_.replicas.push_back(std::move(replica));
        }
        std::sort(next_.replicas.begin(), next_.replicas.end(),
                  [](const ReplicaRecord& a, const ReplicaRecord& b) { return a.key < b.key; });
        std::string nodes;
        for (const auto& node : record->nodes) nodes += (nodes.empty() ? "" : ", ") + node;
        event(job, kJobEvent,
              "run " + std::to_string(run_id) + " started on " + nodes +
                  (record->run.attempts > 1
                       ? " (attempt " + std::to_string(record->run.attempts) + ")"
                       : ""));
    }

    void event(const JobRecord& job, const char* kind, std::string message) {
        events_.push_back(
            {0, ctx_.now_ms, kind, job_key(job.stack, job.service), std::move(message)});
        changed_ = true;
    }

    HandlerContext& ctx_;
    JobPolicies& policies_;
    ClusterState next_;
    std::vector<Event> events_;
    bool changed_ = false;
    std::map<std::string, JobPolicy> compiled_;
    std::set<std::string> stored_;  // jobs that got a new run in this pass
};

}  // namespace

Result<Outcome> drive_jobs(HandlerContext& ctx, JobPolicies& policies) {
    if (ctx.state.jobs.empty() &&
        std::none_of(ctx.state.stacks.begin(), ctx.state.stacks.end(), [](const auto& entry) {
            const auto& services = entry.second.spec.services;
            return std::any_of(services.begin(), services.end(),
                               [](const ServiceSpec& spec) { return spec.job.has_value(); });
        })) {
        return Outcome{};
    }
    JobPass pass(ctx, policies);
    pass.sync();
    pass.end_tasks();
    pass.decide();
    if (!pass.changed()) return Outcome{};
    return commit_state(ctx, std::move(pass.next()), std::move(pass.events()));
}

Result<int64_t> request_run_now(HandlerContext& ctx, JobPolicies& policies,
                                const std::string& stack, const std::string& service,
                                Outcome& outcome) {
    JobPass pass(ctx, policies);
    auto job = pass.next().jobs.find(job_key(stack, service));
    if (job == pass.next().jobs.end()) {
        return make_error("no job " + job_key(stack, service) + " (is it deployed?)");
    }
    auto run = pass.ask_run(job->second);
    if (!run) return run.error();
    pass.events().push_back({0, ctx.now_ms, kJobEvent, job_key(stack, service),
                             "run " + std::to_string(*run) + " asked for"});
    auto committed = commit_state(ctx, std::move(pass.next()), std::move(pass.events()));
    if (!committed) return committed.error();
    append_outcome(outcome, std::move(*committed));
    return *run;
}

}  // namespace edge
