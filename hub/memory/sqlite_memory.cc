// The SqliteStore table service_memory (schema in hub/store/sqlite_schema.cc, version 8).
#include "hub/store/sqlite_store.h"

namespace edge {

Status SqliteStore::put_memory_histories(
    const std::vector<StoredMemoryHistory>& histories,
    const std::vector<std::pair<std::string, std::string>>& removed) {
    return in_transaction(*db_, [&]() -> Status {
        auto upsert = db_->prepare(
            "INSERT INTO service_memory (stack, service, history_json, updated_ms) "
            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (stack, service) DO UPDATE SET "
            "history_json = excluded.history_json, updated_ms = excluded.updated_ms");
        if (!upsert) return upsert.error();
        for (const StoredMemoryHistory& history : histories) {
            upsert->reset();
            upsert->bind(1, history.stack);
            upsert->bind(2, history.service);
            upsert->bind(3, history.history);
            upsert->bind(4, history.updated_ms);
            if (Status done = upsert->run(); !done) return done;
        }
        auto remove = db_->prepare("DELETE FROM service_memory WHERE stack = ?1 AND service = ?2");
        if (!remove) return remove.error();
        for (const auto& [stack, service] : removed) {
            remove->reset();
            remove->bind(1, stack);
            remove->bind(2, service);
            if (Status done = remove->run(); !done) return done;
        }
        return ok_status();
    });
}

Result<std::vector<StoredMemoryHistory>> SqliteStore::memory_histories() {
    auto select = db_->prepare(
        "SELECT stack, service, history_json, updated_ms FROM service_memory "
        "ORDER BY stack, service");
    if (!select) return select.error();
    std::vector<StoredMemoryHistory> histories;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        histories.push_back(
            {select->text(0), select->text(1), select->text(2), select->integer(3)});
    }
    return histories;
}

}  // namespace edge
