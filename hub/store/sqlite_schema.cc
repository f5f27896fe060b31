// The hub database schema. Version 1:
//
//   schema_version(version INTEGER)        one row: the newest migration applied
//
//   stacks(name PK, spec_json, created_ms, updated_ms)
//       One row per deployed stack. spec_json holds the stack-level fields of the StackSpec
//       (stack_to_json without "services"); the services live in their own table.
//   services(stack FK->stacks ON DELETE CASCADE, name, position, spec_json,
//            previous_spec_json NULL)  PK(stack, name)
//       One row per service; spec_json is service_to_json(ServiceSpec). position keeps the
//       order the services were written in. previous_spec_json is the spec before the last
//       deploy that changed the service (what `edgectl service rollback` returns to), NULL
//       when there is none. Version 3 added it. rollout_json is rollout_to_json(Rollout), the
//       service's last rolling update, NULL when it never had one; version 4 added it.
//   nodes(name PK, facts_json, labels_json, online, last_seen_ms, generation, drained,
//         state, state_since_ms)
//       Every node that joined and was not removed. facts_json is facts_to_json(NodeFacts);
//       labels_json an object of strings; generation is the generation of the node's desired
//       set; online is what its status topic last said; state is ready | unreachable | down
//       (core/nodes/node_liveness.h), entered at state_since_ms. Version 2 added the last two.
//   replicas(stack, service, replica, node FK->nodes NULL, reason, on_previous, switched_ms)
//       PK(stack, service, replica)
//       The placement plan: one row per wanted replica; node NULL while pending, with the
//       reason. on_previous is 1 while a rolling update has not reached the replica (it runs
//       the previous spec); switched_ms is when the update switched it, while it is watched.
//       Version 4 added the last two. FK(stack, service)->services ON DELETE CASCADE, so removing a
//       stack or a service removes its replicas.
//   events(id INTEGER PK AUTOINCREMENT, time_ms, kind, subject, message)
//       What happened; bounded to the newest kMaxStoredEvents rows (see store.h).
//   blobs(hash PK, content BLOB, size, created_ms)
//       Shipped files and configs by the SHA-256 of their content (docs/compose-files.md),
//       written before the stack that references them; never changed. Version 5 added it.
//   secrets(name PK, version, sealed BLOB, created_ms, updated_ms)
//       Secrets, sealed with AES-256-GCM under the hub's key file (hub/files/secret_cipher.h):
//       never in clear here, nor in a backup of this file. version counts changes of the
//       value; desired sets carry it, never the value. Version 5 added it.
//   configs(name PK, hash -> blobs, created_ms)
//       Configs made with `edgectl config create`, by name. Version 5 added it.
//
//   Version 6 added stacks.subnet: the IPv4 subnet (CIDR) of the stack's network, from the
//   stack subnet pool (hub/state/stack_subnets.h); NULL until assigned. Unique, so two stacks never
//   share one; deleting the stack row frees it.
//
//   Version 7 added environments(name PK, constraints_json, created_ms): the environments a
//   stack may belong to (core/environments.h), with the placement constraints added to their
//   stacks' services; `default` always exists. It also added stacks.environment, 'default' for
//   every stack that existed before: a stack's key (stacks.name) is its name in `default` and
//   NAME@ENV elsewhere, and this column says which environment, for queries.
//
//   Version 8 added service_memory(stack, service, history_json, updated_ms) PK(stack, service):
//   each learning service's usage history (hub/memory/memory_codec.h: windowed peaks in KiB,
//   running time, the newest OOM kill), written about once a minute (docs/memory.md). No
//   foreign key: a deploy rewrites a stack's service rows, and the history must outlive that;
//   the hub deletes the rows of services that are gone.
//
//   Version 9 added environments.memory_factor (thousandths; 1000 leaves limits alone) and
//   environments.webhooks_sealed (a JSON array of webhook lines sealed with the secret key,
//   NULL for none): an environment's defaults (docs/environments.md).
//
//   Version 10 added api_tokens(name PK, hash UNIQUE, read_only, created_ms): the
//   HTTP API's tokens (hub/http/), by the SHA-256 of the token, never the token itself.
//
//   Version 11 added jobs (docs/jobs.md):
//   jobs(stack, service, suspended, schedule_since_ms, spec_hash) PK(stack, service)
//       A job service's schedule state. No foreign key to services: a deploy rewrites a stack's
//       service rows, and the history must outlive that; the hub deletes a job with its service.
//   job_runs(id INTEGER PK AUTOINCREMENT, stack, service, trigger, occurrence_ms, state,
//            attempts, started_ms, attempt_started_ms, retry_at_ms, ended_ms, exit_code NULL,
//            reason, nodes_json)
//       The kept runs of each job (core/jobs/job_run.h). AUTOINCREMENT, so a deleted run's id
//       is never given again; the hub picks ids itself and sqlite_sequence remembers the highest.
//   job_outputs(run_id, replica, node, attempt, output BLOB, truncated, updated_ms)
//       PK(run_id, replica)
//       The last 64 KiB of each container's output, deleted with the run.
//   and replicas.job_run and replicas.job_attempt: a job container's run and attempt (0 for a
//   service's replica).
//
// Migrations only ever append to kMigrations; a released migration is never edited.
#include "hub/store/sqlite_schema.h"

#include <string>
#include <vector>

namespace edge {

namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

const std::vector<Migration> kMigrations = {
    {1, "initial schema", R"sql(
CREATE TABLE stacks (
    name        TEXT PRIMARY KEY NOT NULL,
    spec_json   TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE TABLE services (
    stack       TEXT NOT NULL REFERENCES stacks(name) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    spec_json   TEXT NOT NULL,
    PRIMARY KEY (stack, name)
);
CREATE TABLE nodes (
    name          TEXT PRIMARY KEY NOT NULL,
    facts_json    TEXT NOT NULL,
    labels_json   TEXT NOT NULL DEFAULT '{}',
    online        INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    generation    INTEGER NOT NULL,
    drained       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE replicas (
    stack    TEXT NOT NULL,
    service  TEXT NOT NULL,
    replica  INTEGER NOT NULL,
    node     TEXT REFERENCES nodes(name),
    reason   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (stack, service, replica),
    FOREIGN KEY (stack, service) REFERENCES services(stack, name) ON DELETE CASCADE
);
CREATE INDEX replicas_by_node ON replicas(node);
CREATE TABLE events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms  INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX events_by_time ON events(time_ms);
)sql"},
    {2, "node liveness state", R"sql(
ALTER TABLE nodes ADD COLUMN state TEXT NOT NULL DEFAULT 'ready';
ALTER TABLE nodes ADD COLUMN state_since_ms INTEGER NOT NULL DEFAULT 0;
UPDATE nodes SET state = 'unreachable', state_since_ms = last_seen_ms WHERE online = 0;
)sql"},
    {3, "previous service specs for rollback", R"sql(
ALTER TABLE services ADD COLUMN previous_spec_json TEXT;
)sql"},
    {4, "rolling updates", R"sql(
ALTER TABLE services ADD COLUMN rollout_json TEXT;
ALTER TABLE replicas ADD COLUMN on_previous INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replicas ADD COLUMN switched_ms INTEGER NOT NULL DEFAULT 0;
)sql"},
    {5, "shipped files, secrets and configs", R"sql(
CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY NOT NULL,
    content     BLOB NOT NULL,
    size        INTEGER NOT NULL,
    created_ms  INTEGER NOT NULL
);
CREATE TABLE secrets (
    name        TEXT PRIMARY KEY NOT NULL,
    version     INTEGER NOT NULL,
    sealed      BLOB NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE TABLE configs (
    name        TEXT PRIMARY KEY NOT NULL,
    hash        TEXT NOT NULL REFERENCES blobs(hash),
    created_ms  INTEGER NOT NULL
);
)sql"},
    {6, "stack subnets", R"sql(
ALTER TABLE stacks ADD COLUMN subnet TEXT;
CREATE UNIQUE INDEX stacks_by_subnet ON stacks(subnet);
)sql"},
    {7, "environments", R"sql(
CREATE TABLE environments (
    name              TEXT PRIMARY KEY NOT NULL,
    constraints_json  TEXT NOT NULL DEFAULT '[]',
    created_ms        INTEGER NOT NULL
);
INSERT INTO environments (name, constraints_json, created_ms) VALUES ('default', '[]', 0);
ALTER TABLE stacks ADD COLUMN environment TEXT NOT NULL DEFAULT 'default';
CREATE INDEX stacks_by_environment ON stacks(environment);
)sql"},
    {8, "learned memory histories", R"sql(
CREATE TABLE service_memory (
    stack         TEXT NOT NULL,
    service       TEXT NOT NULL,
    history_json  TEXT NOT NULL,
    updated_ms    INTEGER NOT NULL,
    PRIMARY KEY (stack, service)
);
)sql"},
    {9, "environment defaults", R"sql(
ALTER TABLE environments ADD COLUMN memory_factor INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE environments ADD COLUMN webhooks_sealed BLOB;
)sql"},
    {10, "api tokens", R"sql(
CREATE TABLE api_tokens (
    name          TEXT PRIMARY KEY NOT NULL,
    hash          TEXT NOT NULL UNIQUE,
    read_only     INTEGER NOT NULL,
    created_ms    INTEGER NOT NULL
);
)sql"},
    {11, "jobs", R"sql(
CREATE TABLE jobs (
    stack              TEXT NOT NULL,
    service            TEXT NOT NULL,
    suspended          INTEGER NOT NULL,
    schedule_since_ms  INTEGER NOT NULL,
    spec_hash          TEXT NOT NULL,
    PRIMARY KEY (stack, service)
);
CREATE TABLE job_runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    stack               TEXT NOT NULL,
    service             TEXT NOT NULL,
    trigger             TEXT NOT NULL,
    occurrence_ms       INTEGER NOT NULL,
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL,
    started_ms          INTEGER NOT NULL,
    attempt_started_ms  INTEGER NOT NULL,
    retry_at_ms         INTEGER NOT NULL,
    ended_ms            INTEGER NOT NULL,
    exit_code           INTEGER,
    reason              TEXT NOT NULL,
    nodes_json          TEXT NOT NULL
);
CREATE INDEX job_runs_by_job ON job_runs(stack, service);
CREATE TABLE job_outputs (
    run_id      INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
    replica     INTEGER NOT NULL,
    node        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    output      BLOB NOT NULL,
    truncated   INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    PRIMARY KEY (run_id, replica)
);
ALTER TABLE replicas ADD COLUMN job_run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replicas ADD COLUMN job_attempt INTEGER NOT NULL DEFAULT 0;
)sql"},
};

Result<int> current_version(SqliteDb& db) {
    Status created =
        db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    if (!created) return created.error();
    auto version = db.query_text("SELECT version FROM schema_version");
    if (!version) return version.error();
    if (version->empty()) return 0;
    return std::stoi(*version);
}

}  // namespace

int latest_schema_version() {
    return kMigrations.back().version;
}

Status migrate_schema(SqliteDb& db) {
    auto version = current_version(db);
    if (!version) return version.error();
    if (*version > latest_schema_version()) {
        return make_error("database " + db.path() + " has schema version " +
                          std::to_string(*version) + ", newer than this edge-hub supports (" +
                          std::to_string(latest_schema_version()) + "); upgrade edge-hub");
    }
    for (const Migration& migration : kMigrations) {
        if (migration.version <= *version) continue;
        Status applied = in_transaction(db, [&]() -> Status {
            if (Status s = db.exec(migration.sql); !s) return s;
            if (Status s = db.exec("DELETE FROM schema_version"); !s) return s;
            return db.exec("INSERT INTO schema_version (version) VALUES (" +
                           std::to_string(migration.version) + ")");
        });
        if (!applied) {
            return make_error("migration " + std::to_string(migration.version) + " (" +
                              migration.description + ") failed: " + applied.error().message);
        }
    }
    return ok_status();
}

}  // namespace edge
