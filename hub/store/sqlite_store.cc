#include "hub/store/sqlite_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/environments.h"
#include "core/network/ipv4_subnet.h"
#include "hub/store/corrupt_database.h"
#include "hub/store/sqlite_integrity.h"
#include "hub/store/sqlite_schema.h"
#include "schema/update_json.h"

namespace edge {

using nlohmann::json;

namespace {

Status set_pragmas(SqliteDb& db) {
    // WAL: readers never block the writer, and a commit is one sequential append.
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (*mode != "wal") return make_error("cannot enable WAL journal mode (got " + *mode + ")");
    // FULL syncs the WAL on every commit. The hub acknowledges a deploy only after its commit,
    // and a homelab's power does get cut: an acknowledged request must survive that. NORMAL
    // would lose the last commits on power loss.
    if (Status s = db.exec("PRAGMA synchronous = FULL"); !s) return s;
    return db.exec("PRAGMA foreign_keys = ON");
}

template <typename T>
Result<T> parse_column(const std::string& text, const std::string& where,
                       Result<T> (*decode)(const json&)) {
    json value = json::parse(text, nullptr, false);
    if (value.is_discarded()) return make_error(where + " holds invalid JSON");
    auto decoded = decode(value);
    if (!decoded) return make_error(where + ": " + decoded.error().message);
    return decoded;
}

Result<std::map<std::string, std::string>> labels_from_json(const json& value) {
    if (!value.is_object()) return make_error("labels are not an object");
    std::map<std::string, std::string> labels;
    for (const auto& [key, label] : value.items()) {
        if (!label.is_string()) return make_error("label " + key + " is not a string");
        labels[key] = label.get<std::string>();
    }
    return labels;
}

Result<StackSpec> stack_header_from_json(const json& value) {
    json full = value;
    if (full.is_object()) full["services"] = json::array();
    return stack_from_json(full);
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       const std::string& backup_dir) {
    auto db = SqliteDb::open(path);
    if (!db) return db.error();
    // Another process (a backup job, the sqlite3 shell) may hold the lock for a moment.
    if (Status s = (*db)->exec("PRAGMA busy_timeout = 5000"); !s) return s.error();
    // Checked before anything is written: a damaged file must stop the hub, not be built upon.
    if (Status checked = check_integrity(**db, IntegrityCheck::kQuick); !checked) {
        return make_error(corrupt_database_message(path, checked.error().message, backup_dir));
    }
    if (Status s = set_pragmas(**db); !s) {
        return make_error("cannot configure database " + path + ": " + s.error().message);
    }
    if (Status s = migrate_schema(**db); !s) return s.error();
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db)));
}

Result<ClusterState> SqliteStore::load() {
    ClusterState state;
    Status loaded = in_transaction(*db_, [&]() -> Status {
        if (Status s = load_stacks(state); !s) return s;
        if (Status s = load_nodes(state); !s) return s;
        if (Status s = load_replicas(state); !s) return s;
        return load_jobs(state);
    });
    if (!loaded) return make_error("cannot load " + db_->path() + ": " + loaded.error().message);
    return state;
}

Status SqliteStore::load_stacks(ClusterState& state) {
    auto stacks =
        db_->prepare("SELECT name, spec_json, created_ms, updated_ms, subnet FROM stacks");
    if (!stacks) return stacks.error();
    for (;;) {
        auto row = stacks->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string name = stacks->text(0);
        auto spec = parse_column(stacks->text(1), "stacks[" + name + "]", &stack_header_from_json);
        if (!spec) return spec.error();
        StackRecord& stack = state.stacks[name];
        stack.spec = *spec;
        stack.created_ms = stacks->integer(2);
        stack.updated_ms = stacks->integer(3);
        stack.subnet = stacks->text(4);  // "" for NULL
        if (!stack.subnet.empty() && !parse_ipv4_subnet(stack.subnet)) {
            return make_error("stacks[" + name + "].subnet is \"" + stack.subnet + "\"");
        }
    }
    auto services = db_->prepare(
        "SELECT stack, name, spec_json, previous_spec_json, rollout_json FROM services "
        "ORDER BY stack, position");
    if (!services) return services.error();
    for (;;) {
        auto row = services->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string where = "services[" + services->text(0) + "/" + services->text(1) + "]";
        auto spec = parse_column(services->text(2), where, &service_from_json);
        if (!spec) return spec.error();
        StackRecord& stack = state.stacks[services->text(0)];
        stack.spec.services.push_back(*spec);
        std::string previous = services->text(3);  // "" for NULL
        if (!previous.empty()) {
            auto old = parse_column(previous, where + ".previous", &service_from_json);
            if (!old) return old.error();
            stack.previous[services->text(1)] = *old;
        }
        std::string rollout = services->text(4);  // "" for NULL
        if (!rollout.empty()) {
            auto stored = parse_column(rollout, where + ".rollout", &rollout_from_json);
            if (!stored) return stored.error();
            stack.rollouts[services->text(1)] = *stored;
        }
    }
    return ok_status();
}

Status SqliteStore::load_nodes(ClusterState& state) {
    auto nodes = db_->prepare(
        "SELECT name, facts_json, labels_json, online, last_seen_ms, generation, drained, "
        "state, state_since_ms FROM nodes");
    if (!nodes) return nodes.error();
    for (;;) {
        auto row = nodes->step();
        if (!row) return row.error();
        if (!*row) break;
        NodeRecord node;
        node.name = nodes->text(0);
        auto facts =
            parse_column(nodes->text(1), "nodes[" + node.name + "].facts", &facts_from_json);
        if (!facts) return facts.error();
        auto labels =
            parse_column(nodes->text(2), "nodes[" + node.name + "].labels", &labels_from_json);
        if (!labels) return labels.error();
        node.facts = *facts;
        node.labels = *labels;
        node.online = nodes->integer(3) != 0;
        node.last_seen_ms = nodes->integer(4);
        node.generation = nodes->integer(5);
        node.drained = nodes->integer(6) != 0;
        auto liveness = node_state_from(nodes->text(7));
        if (!liveness) {
            return make_error("nodes[" + node.name + "].state is \"" + nodes->text(7) + "\"");
        }
        node.state = *liveness;
        node.state_since_ms = nodes->integer(8);
        state.nodes[node.name] = node;
    }
    return ok_status();
}

Status SqliteStore::load_replicas(ClusterState& state) {
    auto replicas = db_->prepare(
        "SELECT stack, service, replica, node, reason, on_previous, switched_ms, job_run, "
        "job_attempt FROM replicas "
        "ORDER BY stack, service, replica");
    if (!replicas) return replicas.error();
    for (;;) {
        auto row = replicas->step();
        if (!row) return row.error();
        if (!*row) break;
        ReplicaRecord replica;
        replica.key = {replicas->text(0), replicas->text(1),
                       static_cast<int>(replicas->integer(2))};
        replica.node = replicas->is_null(3) ? "" : replicas->text(3);
        replica.reason = replicas->text(4);
        replica.on_previous = replicas->integer(5) != 0;
        replica.switched_ms = replicas->integer(6);
        replica.job_run = replicas->integer(7);
        replica.job_attempt = static_cast<int>(replicas->integer(8));
        state.replicas.push_back(replica);
    }
    // SQLite's text order is bytewise like std::string's, but sort anyway: callers rely on it.
    std::sort(state.replicas.begin(), state.replicas.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    return ok_status();
}

Result<std::vector<Event>> SqliteStore::apply(const StateChange& change) {
    if (!change.put_stacks.empty() && !change.replicas.has_value()) {
        // Replacing a stack's services drops their replica rows; the caller must re-plan.
        return make_error("a change that deploys a stack must carry its replicas");
    }
    std::vector<Event> appended;
    Status applied = in_transaction(*db_, [&]() -> Status {
        auto remove = db_->prepare("DELETE FROM stacks WHERE name = ?1");
        if (!remove) return remove.error();
        for (const auto& name : change.remove_stacks) {
            remove->reset();
            remove->bind(1, name);
            if (Status s = remove->run(); !s) return s;
        }
        for (const auto& stack : change.put_stacks) {
            if (Status s = write_stack(stack); !s) return s;
        }
        for (const auto& node : change.put_nodes) {
            if (Status s = write_node(node); !s) return s;
        }
        if (change.replicas) {
            if (Status s = write_replicas(*change.replicas); !s) return s;
        }
        for (const auto& name : change.remove_nodes) {
            auto remove = db_->prepare("DELETE FROM nodes WHERE name = ?1");
            if (!remove) return remove.error();
            remove->bind(1, name);
            if (Status s = remove->run(); !s) return s;
        }
        for (const auto& [stack, service] : change.remove_jobs) {
            if (Status s = remove_job(stack, service); !s) return s;
        }
        for (const auto& job : change.put_jobs) {
            if (Status s = write_job(job); !s) return s;
        }
        if (change.events.empty()) return ok_status();
        auto stored = append_events(change.events);
        if (!stored) return stored.error();
        appended = std::move(*stored);
        return db_->exec("DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - " +
                         std::to_string(kMaxStoredEvents));
    });
    if (!applied) return make_error("cannot store the change: " + applied.error().message);
    return appended;
}

Status SqliteStore::write_stack(const StackRecord& stack) {
    json header = stack_to_json(stack.spec);
    header.erase("services");
    auto upsert = db_->prepare(
        "INSERT INTO stacks (name, spec_json, created_ms, updated_ms, subnet, environment) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(name) DO UPDATE SET spec_json = excluded.spec_json, "
        "updated_ms = excluded.updated_ms, subnet = excluded.subnet");
    if (!upsert) return upsert.error();
    upsert->bind(1, stack.spec.name);
    upsert->bind(2, header.dump());
    upsert->bind(3, stack.created_ms);
    upsert->bind(4, stack.updated_ms);
    upsert->bind(6, split_stack_key(stack.spec.name).environment);
    if (stack.subnet.empty()) {
        upsert->bind_null(5);
    } else {
        upsert->bind(5, stack.subnet);
    }
    if (Status s = upsert->run(); !s) return s;

    auto clear = db_->prepare("DELETE FROM services WHERE stack = ?1");
    if (!clear) return clear.error();
    clear->bind(1, stack.spec.name);
    if (Status s = clear->run(); !s) return s;

    auto insert = db_->prepare(
        "INSERT INTO services (stack, name, position, spec_json, previous_spec_json, "
        "rollout_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    int64_t position = 0;
    for (const auto& service : stack.spec.services) {
        insert->reset();
        insert->bind(1, stack.spec.name);
        insert->bind(2, service.name);
        insert->bind(3, position++);
        insert->bind(4, service_to_json(service).dump());
        auto previous = stack.previous.find(service.name);
        if (previous != stack.previous.end()) {
            insert->bind(5, service_to_json(previous->second).dump());
        } else {
            insert->bind_null(5);
        }
        auto rollout = stack.rollouts.find(service.name);
        if (rollout != stack.rollouts.end()) {
            insert->bind(6, rollout_to_json(rollout->second).dump());
        } else {
            insert->bind_null(6);
        }
        if (Status s = insert->run(); !s) return s;
    }
    return ok_status();
}

Status SqliteStore::write_node(const NodeRecord& node) {
    auto upsert = db_->prepare(
        "INSERT INTO nodes (name, facts_json, labels_json, online, last_seen_ms, generation, "
        "drained, state, state_since_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(name) DO UPDATE SET "
        "facts_json = excluded.facts_json, labels_json = excluded.labels_json, "
        "online = excluded.online, last_seen_ms = excluded.last_seen_ms, "
        "generation = excluded.generation, drained = excluded.drained, "
        "state = excluded.state, state_since_ms = excluded.state_since_ms");
    if (!upsert) return upsert.error();
    upsert->bind(1, node.name);
    upsert->bind(2, facts_to_json(node.facts).dump());
    upsert->bind(3, json(node.labels).dump());
    upsert->bind(4, int64_t{node.online ? 1 : 0});
    upsert->bind(5, node.last_seen_ms);
    upsert->bind(6, node.generation);
    upsert->bind(7, int64_t{node.drained ? 1 : 0});
    upsert->bind(8, std::string(to_string(node.state)));
    upsert->bind(9, node.state_since_ms);
    return upsert->run();
}

Status SqliteStore::write_replicas(const std::vector<ReplicaRecord>& replicas) {
    if (Status s = db_->exec("DELETE FROM replicas"); !s) return s;
    auto insert = db_->prepare(
        "INSERT INTO replicas (stack, service, replica, node, reason, on_previous, switched_ms, "
        "job_run, job_attempt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) return insert.error();
    for (const auto& replica : replicas) {
        insert->reset();
        insert->bind(1, replica.key.stack);
        insert->bind(2, replica.key.service);
        insert->bind(3, int64_t{replica.key.replica});
        if (replica.node.empty()) {
            insert->bind_null(4);
        } else {
            insert->bind(4, replica.node);
        }
        insert->bind(5, replica.reason);
        insert->bind(6, int64_t{replica.on_previous ? 1 : 0});
        insert->bind(7, replica.switched_ms);
        insert->bind(8, replica.job_run);
        insert->bind(9, int64_t{replica.job_attempt});
        if (Status s = insert->run(); !s) return s;
    }
    return ok_status();
}

Result<std::vector<Event>> SqliteStore::append_events(const std::vector<Event>& events) {
    // One statement for all: a deploy of 10,000 replicas appends 10,000 placement events, and
    // preparing each one's statement anew was a fifth of the deploy's time.
    auto insert = db_->prepare(
        "INSERT INTO events (time_ms, kind, subject, message) VALUES (?1, ?2, ?3, ?4) "
        "RETURNING id");
    if (!insert) return insert.error();
    std::vector<Event> stored;
    stored.reserve(events.size());
    for (const Event& event : events) {
        insert->reset();
        insert->bind(1, event.time_ms);
        insert->bind(2, event.kind);
        insert->bind(3, event.subject);
        insert->bind(4, event.message);
        auto row = insert->step();
        if (!row) return row.error();
        Event& appended = stored.emplace_back(event);
        appended.id = insert->integer(0);
        // RETURNING yields the row before the statement completes; finish it.
        if (auto done = insert->step(); !done) return done.error();
    }
    return stored;
}

Result<std::vector<Event>> SqliteStore::events(int64_t since_ms, int64_t limit) {
    auto query = db_->prepare(
        "SELECT id, time_ms, kind, subject, message FROM events WHERE time_ms >= ?1 "
        "ORDER BY id DESC LIMIT ?2");
    if (!query) return query.error();
    query->bind(1, since_ms);
    query->bind(2, limit);
    std::vector<Event> events;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        events.push_back(
            {query->integer(0), query->integer(1), query->text(2), query->text(3), query->text(4)});
    }
    std::reverse(events.begin(), events.end());
    return events;
}

}  // namespace edge
