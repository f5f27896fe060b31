// edgectl service ls / service ps: services with their replica counts, and each replica of one
// service with its node, state and, when it is not running, the reason.
#include <iostream>

#include "core/environments.h"
#include "core/memory/oom_insight.h"
#include "edgectl/args.h"
#include "edgectl/commands.h"
#include "edgectl/commands/service_memory.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

std::string replica_name(const nlohmann::json& row) {
    return field_text(row, "stack") + "/" + field_text(row, "service") + "." +
           std::to_string(field_integer(row, "replica"));
}

int run_service_list(const CommandContext& context, const std::string& stack) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    nlohmann::json args = nlohmann::json::object();
    if (!stack.empty()) args["stack"] = stack;
    auto data = (*hub)->request(ops::kServiceList, args);
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_services(*data);
    }
    return kExitOk;
}

int run_service_ps(const CommandContext& context, const std::string& service) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kServicePs, {{"service", service}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << render_replicas(*data);
    }
    return kExitOk;
}

}  // namespace

std::string render_replicas(const nlohmann::json& rows) {
    return render_replicas(rows, now_epoch_ms());
}

static std::string health_cell(const nlohmann::json& row) {
    std::string health = field_text(row, "health");
    int64_t restarts = field_integer(row, "health_restarts");
    if (health.empty()) return "-";
    if (restarts > 0) health += ", restarted " + std::to_string(restarts) + "×";
    return health;
}

static std::string oom_cell(const nlohmann::json& row, int64_t now_ms) {
    std::vector<int64_t> times;
    auto found = row.find("oom_times_ms");
    if (found != row.end() && found->is_array()) {
        for (const auto& time : *found) {
            if (time.is_number_integer()) times.push_back(time.get<int64_t>());
        }
    }
    return oom_summary(static_cast<int>(field_integer(row, "oom_kills")), times, now_ms,
                       field_integer(row, "memory_limit"), field_integer(row, "memory_peak"));
}

// A crash loop's wait, as the agent reported it: "exited 4× quickly, next start in 1.6s".
static std::string backoff_cell(const nlohmann::json& row, int64_t now_ms) {
    int64_t restart_at = field_integer(row, "restart_at_ms");
    if (restart_at <= 0 || field_text(row, "state") == "running") return "";
    std::string text =
        "exited " + std::to_string(field_integer(row, "quick_exits")) + "× quickly, next start ";
    if (restart_at <= now_ms) return text + "due now";
    return text + "in " + format_duration(std::chrono::milliseconds(restart_at - now_ms));
}

// The agent's last failed pull or create and its retry: "cannot pull image …; attempt 3, next
// try in 7.2s".
static std::string failure_cell(const nlohmann::json& row, int64_t now_ms) {
    std::string failure = field_text(row, "failure");
    if (failure.empty()) return "";
    int64_t attempts = field_integer(row, "failure_attempts");
    int64_t retry_at = field_integer(row, "retry_at_ms");
    if (attempts <= 0 || retry_at <= 0) return failure;
    std::string text = failure + "; attempt " + std::to_string(attempts) + ", next try ";
    if (retry_at <= now_ms) return text + "due now";
    return text + "in " + format_duration(std::chrono::milliseconds(retry_at - now_ms));
}

// A pull in flight for the replica: "pulling image: 45% of 120 MiB".
static std::string pull_cell(const nlohmann::json& row) {
    if (!field_bool(row, "pulling")) return "";
    int64_t done = field_integer(row, "pull_done_bytes");
    int64_t total = field_integer(row, "pull_total_bytes");
    if (total <= 0) return "pulling image";
    return "pulling image: " + pull_share(done, total);
}

std::string render_replicas(const nlohmann::json& rows, int64_t now_ms) {
    // The HEALTH column appears when some replica has a health check, so tables of services
    // without one stay as narrow as before.
    bool any_health = false;
    if (rows.is_array()) {
        for (const auto& row : rows) any_health = any_health || !field_text(row, "health").empty();
    }
    // So do the learned-memory columns, when some service learns its limit.
    const bool learning = any_learning(rows);
    std::vector<std::string> header = {"REPLICA", "NODE", "STATE"};
    if (any_health) header.push_back("HEALTH");
    header.push_back("MEMORY");
    if (learning) header.insert(header.end(), memory_headers().begin(), memory_headers().end());
    for (const char* column : {"IMAGE", "CONTAINER", "REASON"}) header.push_back(column);
    Table table(header);
    if (rows.is_array()) {
        for (const auto& row : rows) {
            std::string node = field_text(row, "node");
            std::string container = short_id(field_text(row, "container_id"));
            std::string reason = field_text(row, "reason");
            std::string oom = oom_cell(row, now_ms);
            if (!oom.empty()) reason = reason.empty() ? oom : reason + "; " + oom;
            if (std::string pull = pull_cell(row); !pull.empty()) {
                reason = reason.empty() ? pull : reason + "; " + pull;
            }
            if (std::string failure = failure_cell(row, now_ms); !failure.empty()) {
                reason = reason.empty() ? failure : reason + "; " + failure;
            }
            if (std::string backoff = backoff_cell(row, now_ms); !backoff.empty()) {
                reason = reason.empty() ? backoff : reason + "; " + backoff;
            }
            if (int64_t restarts = field_integer(row, "engine_restarts"); restarts > 0) {
                std::string restarted = "restarted " + std::to_string(restarts) + "× by the engine";
                reason = reason.empty() ? restarted : reason + "; " + restarted;
            }
            if (std::string resize = field_text(row, "memory_pending"); !resize.empty()) {
                reason = reason.empty() ? resize : reason + "; " + resize;
            }
            std::vector<std::string> cells = {replica_name(row), node.empty() ? "-" : node,
                                              field_text(row, "state")};
            if (any_health) cells.push_back(health_cell(row));
            cells.push_back(memory_cell(field_integer(row, "memory_limit")));
            if (learning) {
                for (auto& cell : memory_cells(row, "memory_peak")) cells.push_back(cell);
            }
            cells.push_back(field_text(row, "image"));
            cells.push_back(container.empty() ? "-" : container);
            cells.push_back(reason);
            table.add_row(cells);
        }
    }
    return table.render();
}

size_t count_pending(const nlohmann::json& rows) {
    size_t pending = 0;
    if (!rows.is_array()) return 0;
    for (const auto& row : rows) {
        if (field_text(row, "state") == "pending") ++pending;
    }
    return pending;
}

std::string render_pending(const nlohmann::json& rows) {
    std::string text;
    if (!rows.is_array()) return text;
    for (const auto& row : rows) {
        if (field_text(row, "state") != "pending") continue;
        std::string reason = field_text(row, "reason");
        text += "pending: " + replica_name(row) + ": " +
                (reason.empty() ? "no reason given" : reason) + "\n";
    }
    return text;
}

// Where other nodes reach the service: "nuc-1:3306,pi-2:3306", or "-".
std::string endpoints_cell(const nlohmann::json& row) {
    auto endpoints = row.find("endpoints");
    if (endpoints == row.end() || !endpoints->is_array() || endpoints->empty()) return "-";
    std::string text;
    for (const auto& endpoint : *endpoints) {
        if (!endpoint.is_string()) continue;
        text += (text.empty() ? "" : ",") + endpoint.get<std::string>();
    }
    return text.empty() ? "-" : text;
}

std::string render_services(const nlohmann::json& rows) {
    const bool env_column = spans_environments(rows);
    const bool learning = any_learning(rows);
    std::vector<std::string> headers = {"STACK",    "SERVICE", "IMAGE",   "MODE",
                                        "REPLICAS", "MEMORY",  "RESERVED"};
    if (learning) headers.insert(headers.end(), memory_headers().begin(), memory_headers().end());
    headers.push_back("ENDPOINTS");
    if (env_column) headers.insert(headers.begin(), "ENV");
    Table table(headers);
    if (rows.is_array()) {
        for (const auto& row : rows) {
            std::vector<std::string> cells = {
                env_column ? split_stack_key(field_text(row, "stack")).stack
                           : field_text(row, "stack"),
                field_text(row, "service"),
                field_text(row, "image"),
                field_text(row, "mode"),
                std::to_string(field_integer(row, "running")) + "/" +
                    std::to_string(field_integer(row, "desired")),
                memory_cell(field_integer(row, "memory_limit")),
                memory_cell(field_integer(row, "memory_reservation"))};
            if (learning) {
                for (auto& cell : memory_cells(row, "memory_peak_window")) cells.push_back(cell);
            }
            cells.push_back(endpoints_cell(row));
            if (env_column) cells.insert(cells.begin(), field_text(row, "environment", "default"));
            table.add_row(std::move(cells));
        }
    }
    return table.render();
}

void add_service_commands(CLI::App& app, CommandContext& context) {
    CLI::App* service = app.add_subcommand("service", "inspect services");
    service->require_subcommand(1);
    service->fallthrough();

    auto stack = std::make_shared<std::string>();
    CLI::App* list = service->add_subcommand("ls", "list services and their replica counts");
    list->fallthrough();
    list->add_option("--stack", *stack, "only this stack's services");
    list->callback([&context, stack] {
        context.set_action([&context, stack] { return run_service_list(context, *stack); });
    });

    auto name = std::make_shared<std::string>();
    CLI::App* ps = service->add_subcommand("ps", "list the replicas of one service");
    ps->fallthrough();
    ps->add_option("service", *name, "SERVICE or STACK/SERVICE")->required();
    ps->callback([&context, name] {
        context.set_action([&context, name] { return run_service_ps(context, *name); });
    });

    auto rolled = std::make_shared<std::string>();
    CLI::App* rollback =
        service->add_subcommand("rollback", "return a service to its spec before the last change");
    rollback->fallthrough();
    rollback->add_option("service", *rolled, "SERVICE or STACK/SERVICE")->required();
    rollback->callback([&context, rolled] {
        context.set_action([&context, rolled] { return run_service_rollback(context, *rolled); });
    });

    auto resized = std::make_shared<std::string>();
    auto apply = std::make_shared<bool>(false);
    CLI::App* resize = service->add_subcommand(
        "resize", "show a service's learned memory limit; --apply takes it (docs/memory.md)");
    resize->fallthrough();
    resize->add_option("service", *resized, "SERVICE or STACK/SERVICE")->required();
    resize->add_flag("--apply", *apply,
                     "take the recommendation: the replicas roll per update_config");
    resize->callback([&context, resized, apply] {
        context.set_action(
            [&context, resized, apply] { return run_service_resize(context, *resized, *apply); });
    });
}

}  // namespace edge::ctl
