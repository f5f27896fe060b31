// edgectl job ls|runs|logs|run|suspend|resume: jobs, their runs and the runs' kept output
// (docs/jobs.md). The tables and the progress lines are in job_render.h.
#include <chrono>
#include <iostream>
#include <optional>
#include <thread>

#include "edgectl/args.h"
#include "edgectl/commands.h"
#include "edgectl/commands/job_render.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

using nlohmann::json;

struct RunOptions {
    std::string job;
    bool detach = false;
    std::string wait;  // empty: until the run ends
};

json ref_args(const JobRef& ref) {
    return {{"stack", ref.stack}, {"service", ref.service}};
}

std::string ref_text(const JobRef& ref) {
    return ref.stack + "/" + ref.service;
}

// A run's kept output as the job wrote it, ending with a newline.
void print_output(const json& logs) {
    std::string output = field_text(logs, "output");
    std::cout << output;
    if (!output.empty() && output.back() != '\n') std::cout << '\n';
    std::cout.flush();
}

int run_job_list(const CommandContext& context) {
    auto data = context.request(ops::kJobList, json::object());
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_jobs(*data, now_epoch_ms());
    }
    return kExitOk;
}

int run_job_runs(const CommandContext& context, const std::string& job) {
    auto ref = parse_job_ref(job);
    if (!ref) return fail(ref.error().message, kExitUsage);
    auto data = context.request(ops::kJobRuns, ref_args(*ref));
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_job_runs(*data, now_epoch_ms());
    }
    return kExitOk;
}

int run_job_logs(const CommandContext& context, int64_t run) {
    auto data = context.request(ops::kJobLogs, {{"run", run}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        print_output(*data);
    }
    return kExitOk;
}

int run_job_suspend(const CommandContext& context, const std::string& job, bool suspend) {
    auto ref = parse_job_ref(job);
    if (!ref) return fail(ref.error().message, kExitUsage);
    auto data = context.request(suspend ? ops::kJobSuspend : ops::kJobResume, ref_args(*ref));
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << (suspend ? "suspended job " : "resumed job ") << ref_text(*ref) << "\n";
    }
    return kExitOk;
}

// The end of a run: its kept output, and exit 0 only when it succeeded.
int finish_run(HubConnection& hub, const CommandContext& context, int64_t id, const json& run) {
    auto logs = hub.request(ops::kJobLogs, {{"run", id}});
    if (!logs) return fail(logs.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *logs);
    } else {
        print_output(*logs);
    }
    if (field_text(run, "state") == "succeeded") return kExitOk;
    return fail(job_run_progress(run));
}

// Polls the job's runs once a second, printing each change of the run, until it has ended.
int wait_for_run(HubConnection& hub, const CommandContext& context, const JobRef& ref, int64_t id,
                 std::optional<std::chrono::milliseconds> wait) {
    const auto deadline = wait ? std::chrono::steady_clock::now() + *wait
                               : std::chrono::steady_clock::time_point::max();
    std::string shown;
    for (;;) {
        auto runs = hub.request(ops::kJobRuns, ref_args(ref));
        if (!runs) return fail(runs.error().message);
        json run = find_job_run(*runs, id);
        if (!run.is_null()) {
            std::string line = job_run_progress(run);
            if (context.format() == OutputFormat::kTable && line != shown) {
                std::cout << line << std::endl;
                shown = line;
            }
            if (job_run_ended(run)) return finish_run(hub, context, id, run);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail("run " + std::to_string(id) + " of " + ref_text(ref) +
                        " has not ended within " + format_duration(*wait) +
                        "; it goes on (edgectl job runs " + ref_text(ref) + ")");
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

int run_job_now(const CommandContext& context, const RunOptions& options) {
    auto ref = parse_job_ref(options.job);
    if (!ref) return fail(ref.error().message, kExitUsage);
    std::optional<std::chrono::milliseconds> wait;
    if (!options.wait.empty()) {
        auto parsed = parse_duration(options.wait);
        if (!parsed) return fail("--wait: " + parsed.error().message, kExitUsage);
        wait = *parsed;
    }
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kJobRun, ref_args(*ref));
    if (!data) return fail(data.error().message);
    if (!data->is_object() || !(*data)["run"].is_number_integer()) {
        return fail("the hub's answer to job.run has no run id");
    }
    const int64_t id = (*data)["run"].get<int64_t>();
    if (options.detach) {
        if (context.format() == OutputFormat::kJson) {
            print_json(std::cout, *data);
        } else {
            std::cout << "run " << id << " of " << ref_text(*ref) << " requested; edgectl job runs "
                      << ref_text(*ref) << " shows it\n";
        }
        return kExitOk;
    }
    return wait_for_run(**hub, context, *ref, id, wait);
}

// `job suspend|resume STACK/SERVICE`.
void add_suspend_command(CLI::App& job, CommandContext& context, bool suspend) {
    auto name = std::make_shared<std::string>();
    CLI::App* command =
        job.add_subcommand(suspend ? "suspend" : "resume",
                           suspend ? "stop starting scheduled runs of a job (active runs go on)"
                                   : "start scheduled runs of a suspended job again, from now on");
    command->fallthrough();
    command->add_option("job", *name, "STACK/SERVICE")->required();
    command->callback([&context, name, suspend] {
        context.set_action(
            [&context, name, suspend] { return run_job_suspend(context, *name, suspend); });
    });
}

}  // namespace

void add_job_commands(CLI::App& app, CommandContext& context) {
    CLI::App* job = app.add_subcommand("job", "jobs, their runs and their output");
    job->require_subcommand(1);
    job->fallthrough();

    CLI::App* list = job->add_subcommand("ls", "list jobs: schedule, last run, next run, success");
    list->fallthrough();
    list->callback(
        [&context] { context.set_action([&context] { return run_job_list(context); }); });

    auto runs_of = std::make_shared<std::string>();
    CLI::App* runs = job->add_subcommand("runs", "list the kept runs of a job, newest first");
    runs->fallthrough();
    runs->add_option("job", *runs_of, "STACK/SERVICE")->required();
    runs->callback([&context, runs_of] {
        context.set_action([&context, runs_of] { return run_job_runs(context, *runs_of); });
    });

    auto run_id = std::make_shared<int64_t>(0);
    CLI::App* logs = job->add_subcommand("logs", "print the kept output of a run");
    logs->fallthrough();
    logs->add_option("run", *run_id, "the run's id (job runs shows it)")
        ->required()
        ->check(CLI::NonNegativeNumber);
    logs->callback([&context, run_id] {
        context.set_action([&context, run_id] { return run_job_logs(context, *run_id); });
    });

    auto options = std::make_shared<RunOptions>();
    CLI::App* run = job->add_subcommand(
        "run", "start a run now and wait for it: its output, and exit 0 when it succeeded");
    run->fallthrough();
    run->add_option("job", options->job, "STACK/SERVICE")->required();
    run->add_flag("--detach", options->detach, "return once the hub has the run");
    run->add_option("--wait", options->wait,
                    "wait at most this long, e.g. 30m (default: until the run ends)");
    run->callback([&context, options] {
        context.set_action([&context, options] { return run_job_now(context, *options); });
    });

    add_suspend_command(*job, context, true);
    add_suspend_command(*job, context, false);
}

}  // namespace edge::ctl
