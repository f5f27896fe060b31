// edgectl events: what happened in the cluster, from the hub's event log, and with -f the live
// event stream until Ctrl-C.
#include <atomic>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

#include "edgectl/args.h"
#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct EventsOptions {
    std::string since;  // empty: the hub's recent history (or none with --follow)
    int limit = 0;      // 0: the hub's default
    bool follow = false;
};

std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop(int) {
    g_stop_requested.store(true);
}

// Prints events in order, once each: live events that arrive while the history is still being
// fetched wait in a buffer, and events the history already showed are skipped by id.
class EventPrinter {
  public:
    explicit EventPrinter(OutputFormat format) : format_(format) {}

    void history(const std::vector<Event>& events) {
        std::lock_guard lock(mutex_);
        for (const auto& event : events) print_locked(event);
        history_done_ = true;
        for (const auto& event : buffered_) print_locked(event);
        buffered_.clear();
    }

    void live(const Event& event) {
        std::lock_guard lock(mutex_);
        if (!history_done_) {
            buffered_.push_back(event);
            return;
        }
        print_locked(event);
    }

  private:
    void print_locked(const Event& event) {
        if (event.id != 0 && event.id <= last_id_) return;
        last_id_ = std::max(last_id_, event.id);
        if (format_ == OutputFormat::kJson) {
            std::cout << event_to_json(event).dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
                      << std::endl;
        } else {
            std::cout << render_event_line(event) << std::endl;
        }
    }

    OutputFormat format_;
    std::mutex mutex_;
    bool history_done_ = false;    // GUARDED_BY(mutex_)
    std::vector<Event> buffered_;  // GUARDED_BY(mutex_)
    int64_t last_id_ = 0;          // GUARDED_BY(mutex_)
};

std::vector<Event> events_from(const nlohmann::json& rows) {
    std::vector<Event> events;
    if (!rows.is_array()) return events;
    for (const auto& row : rows) {
        Event event;
        event.id = field_integer(row, "id");
        event.time_ms = field_integer(row, "time_ms");
        event.kind = field_text(row, "kind");
        event.subject = field_text(row, "subject");
        event.message = field_text(row, "message");
        events.push_back(std::move(event));
    }
    return events;
}

int run_events(const CommandContext& context, const EventsOptions& options) {
    nlohmann::json args = nlohmann::json::object();
    if (!options.since.empty()) {
        auto since = parse_duration(options.since);
        if (!since) return fail("--since: " + since.error().message, kExitUsage);
        args["since_ms"] = std::max<int64_t>(0, now_epoch_ms() - since->count());
    }
    if (options.limit > 0) args["limit"] = options.limit;

    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);

    if (!options.follow) {
        auto data = (*hub)->request(ops::kEvents, args);
        if (!data) return fail(data.error().message);
        if (context.format() == OutputFormat::kJson) {
            print_json(std::cout, *data);
        } else {
            std::cout << render_events(*data);
        }
        return kExitOk;
    }

    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    EventPrinter printer(context.format());
    // Subscribe before fetching the history so nothing that happens in between is lost.
    auto followed = (*hub)->follow_events([&printer](const MqttMessageIn& message) {
        auto event = decode_event(message.payload);
        if (!event) {
            std::cerr << "warning: ignoring a malformed event: " << event.error().message
                      << std::endl;
            return;
        }
        printer.live(*event);
    });
    if (!followed) return fail(followed.error().message);
    std::vector<Event> history;
    if (!options.since.empty()) {
        auto data = (*hub)->request(ops::kEvents, args);
        if (!data) return fail(data.error().message);
        history = events_from(*data);
    }
    printer.history(history);
    while (!g_stop_requested.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return kExitOk;
}

}  // namespace

std::string render_event_line(const Event& event) {
    return time_cell(event.time_ms) + "  " + event.kind + "  " +
           (event.subject.empty() ? "-" : event.subject) + "  " + event.message;
}

std::string render_events(const nlohmann::json& rows) {
    Table table({"TIME", "KIND", "SUBJECT", "MESSAGE"});
    for (const auto& event : events_from(rows)) {
        table.add_row({time_cell(event.time_ms), event.kind,
                       event.subject.empty() ? "-" : event.subject, event.message});
    }
    return table.render();
}

void add_events_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<EventsOptions>();
    CLI::App* events = app.add_subcommand("events", "show what happened in the cluster");
    events->fallthrough();
    events->add_option("--since", options->since, "show events from this long ago, e.g. 10m");
    events->add_option("--limit", options->limit, "show at most this many past events")
        ->check(CLI::PositiveNumber);
    events->add_flag("-f,--follow", options->follow, "keep printing new events until Ctrl-C");
    events->callback([&context, options] {
        context.set_action([&context, options] { return run_events(context, *options); });
    });
}

}  // namespace edge::ctl
