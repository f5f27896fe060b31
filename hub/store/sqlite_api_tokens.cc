// The SqliteStore table api_tokens (schema in hub/store/sqlite_schema.cc, version 10).
#include "hub/store/sqlite_store.h"

namespace edge {

Status SqliteStore::put_api_token(const StoredApiToken& token) {
    auto insert = db_->prepare(
        "INSERT INTO api_tokens (name, hash, read_only, created_ms) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    insert->bind(1, token.name);
    insert->bind(2, token.hash);
    insert->bind(3, static_cast<int64_t>(token.read_only ? 1 : 0));
    insert->bind(4, token.created_ms);
    return insert->run();
}

Status SqliteStore::remove_api_token(const std::string& name) {
    auto remove = db_->prepare("DELETE FROM api_tokens WHERE name = ?1");
    if (!remove) return remove.error();
    remove->bind(1, name);
    return remove->run();
}

Result<std::vector<StoredApiToken>> SqliteStore::api_tokens() {
    auto select =
        db_->prepare("SELECT name, hash, read_only, created_ms FROM api_tokens ORDER BY name");
    if (!select) return select.error();
    std::vector<StoredApiToken> tokens;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        tokens.push_back(
            {select->text(0), select->text(1), select->integer(2) != 0, select->integer(3)});
    }
    return tokens;
}

}  // namespace edge
