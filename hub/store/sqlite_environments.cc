// The SqliteStore table environments (schema in hub/store/sqlite_schema.cc, versions 7 and 9).
#include <nlohmann/json.hpp>

#include "hub/store/sqlite_store.h"

namespace edge {

namespace {

std::string constraints_to_json(const std::vector<Constraint>& constraints) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& c : constraints) {
        array.push_back({{"key", c.key}, {"equal", c.equal}, {"value", c.value}});
    }
    return array.dump();
}

Result<std::vector<Constraint>> constraints_from_json(const std::string& text,
                                                      const std::string& environment) {
    nlohmann::json array = nlohmann::json::parse(text, nullptr, false);
    auto bad = [&] {
        return make_error("environment " + environment +
                          ": constraints_json is not an array of "
                          "{key, equal, value}");
    };
    if (!array.is_array()) return bad();
    std::vector<Constraint> constraints;
    for (const auto& item : array) {
        if (!item.is_object() || !item.value("key", nlohmann::json()).is_string() ||
            !item.value("equal", nlohmann::json()).is_boolean() ||
            !item.value("value", nlohmann::json()).is_string()) {
            return bad();
        }
        constraints.push_back({item["key"].get<std::string>(), item["equal"].get<bool>(),
                               item["value"].get<std::string>()});
    }
    return constraints;
}

}  // namespace

Status SqliteStore::put_environment(const StoredEnvironment& environment) {
    // Insert or replace: env create makes the row, env set changes it.
    auto insert = db_->prepare(
        "INSERT INTO environments (name, constraints_json, created_ms, memory_factor, "
        "webhooks_sealed) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE SET "
        "constraints_json = ?2, created_ms = ?3, memory_factor = ?4, webhooks_sealed = ?5");
    if (!insert) return insert.error();
    insert->bind(1, environment.name);
    insert->bind(2, constraints_to_json(environment.constraints));
    insert->bind(3, environment.created_ms);
    insert->bind(4, environment.memory_factor);
    if (environment.webhooks_sealed.empty()) {
        insert->bind_null(5);
    } else {
        insert->bind_blob(5, environment.webhooks_sealed);
    }
    return insert->run();
}

Status SqliteStore::remove_environment(const std::string& name) {
    auto remove = db_->prepare("DELETE FROM environments WHERE name = ?1");
    if (!remove) return remove.error();
    remove->bind(1, name);
    return remove->run();
}

Result<std::vector<StoredEnvironment>> SqliteStore::environments() {
    auto select = db_->prepare(
        "SELECT name, constraints_json, created_ms, memory_factor, webhooks_sealed "
        "FROM environments ORDER BY name");
    if (!select) return select.error();
    std::vector<StoredEnvironment> environments;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string name = select->text(0);
        auto constraints = constraints_from_json(select->text(1), name);
        if (!constraints) return constraints.error();
        environments.push_back({name, std::move(*constraints), select->integer(2),
                                select->integer(3), select->blob(4)});
    }
    return environments;
}

}  // namespace edge
