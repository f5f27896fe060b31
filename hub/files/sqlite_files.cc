// hub/files/: what the hub keeps and serves beyond the desired state: content-addressed
// shipped files and configs, sealed secrets, and the answers to the agents' fetches
// (docs/compose-files.md). This file: the SqliteStore tables blobs, secrets and configs
// (schema in hub/store/sqlite_schema.cc).
#include "hub/store/sqlite_store.h"

namespace edge {

Status SqliteStore::put_blobs(const std::vector<StoredBlob>& blobs, int64_t now_ms) {
    if (blobs.empty()) return ok_status();
    return in_transaction(*db_, [&]() -> Status {
        auto insert = db_->prepare(
            "INSERT OR IGNORE INTO blobs (hash, content, size, created_ms) VALUES (?1, ?2, ?3, "
            "?4)");
        if (!insert) return insert.error();
        for (const auto& blob : blobs) {
            insert->reset();
            insert->bind(1, blob.hash);
            insert->bind_blob(2, blob.content);
            insert->bind(3, static_cast<int64_t>(blob.content.size()));
            insert->bind(4, now_ms);
            if (Status s = insert->run(); !s) return s;
        }
        return ok_status();
    });
}

Result<std::optional<std::string>> SqliteStore::blob(const std::string& hash) {
    auto select = db_->prepare("SELECT content FROM blobs WHERE hash = ?1");
    if (!select) return select.error();
    select->bind(1, hash);
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(select->blob(0));
}

Status SqliteStore::put_secret(const StoredSecret& secret) {
    return in_transaction(*db_, [&]() -> Status {
        auto upsert = db_->prepare(
            "INSERT INTO secrets (name, version, sealed, created_ms, updated_ms) "
            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE SET "
            "version = excluded.version, sealed = excluded.sealed, "
            "updated_ms = excluded.updated_ms");
        if (!upsert) return upsert.error();
        upsert->bind(1, secret.name);
        upsert->bind(2, secret.version);
        upsert->bind_blob(3, secret.sealed);
        upsert->bind(4, secret.created_ms);
        upsert->bind(5, secret.updated_ms);
        return upsert->run();
    });
}

Status SqliteStore::remove_secret(const std::string& name) {
    auto remove = db_->prepare("DELETE FROM secrets WHERE name = ?1");
    if (!remove) return remove.error();
    remove->bind(1, name);
    return remove->run();
}

Result<std::vector<StoredSecret>> SqliteStore::secrets() {
    auto select = db_->prepare(
        "SELECT name, version, sealed, created_ms, updated_ms FROM secrets ORDER BY name");
    if (!select) return select.error();
    std::vector<StoredSecret> secrets;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        secrets.push_back({select->text(0), select->integer(1), select->blob(2), select->integer(3),
                           select->integer(4)});
    }
    return secrets;
}

Status SqliteStore::put_config(const std::string& name, const StoredBlob& blob, int64_t now_ms) {
    if (Status s = put_blobs({blob}, now_ms); !s) return s;
    auto upsert = db_->prepare(
        "INSERT INTO configs (name, hash, created_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(name) DO UPDATE SET hash = excluded.hash");
    if (!upsert) return upsert.error();
    upsert->bind(1, name);
    upsert->bind(2, blob.hash);
    upsert->bind(3, now_ms);
    return upsert->run();
}

Status SqliteStore::remove_config(const std::string& name) {
    auto remove = db_->prepare("DELETE FROM configs WHERE name = ?1");
    if (!remove) return remove.error();
    remove->bind(1, name);
    return remove->run();
}

Result<std::map<std::string, std::string>> SqliteStore::configs() {
    auto select = db_->prepare("SELECT name, hash FROM configs ORDER BY name");
    if (!select) return select.error();
    std::map<std::string, std::string> configs;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        configs[select->text(0)] = select->text(1);
    }
    return configs;
}

}  // namespace edge
