// A thin RAII layer over the SQLite C API for the hub's store: one connection, prepared
// statements, and errors turned into Status/Result values that name the failing SQL.
// Thread-safety: none. A SqliteDb and its statements belong to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace edge {

class SqliteStatement {
  public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::string sql)
        : db_(db), statement_(statement), sql_(std::move(sql)) {}
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    SqliteStatement& operator=(SqliteStatement&&) = delete;

    // Parameters are numbered from 1, as in SQL's "?1".
    void bind(int index, int64_t value);
    void bind(int index, const std::string& value);
    void bind_null(int index);
    // Binary content (shipped files, ciphertext), stored as a BLOB.
    void bind_blob(int index, const std::string& bytes);

    // Advances one row: true when a row is ready, false when done.
    Result<bool> step();
    // Runs a statement that returns no rows.
    Status run();
    void reset();

    int64_t integer(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* statement_;
    std::string sql_;
};

class SqliteDb {
  public:
    // Opens (creating if needed) the database file. Does not run any pragma or migration.
    static Result<std::unique_ptr<SqliteDb>> open(const std::string& path);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    // Runs one or more statements that return no rows.
    Status exec(const std::string& sql);
    Result<SqliteStatement> prepare(const std::string& sql);
    // Runs a query and returns the first column of its first row ("" when there is none).
    Result<std::string> query_text(const std::string& sql);

    const std::string& path() const { return path_; }

  private:
    SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_;
    std::string path_;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back if it or the commit fails,
// so a change is either wholly stored or not at all.
template <typename Body>
Status in_transaction(SqliteDb& db, Body body) {
    if (Status begun = db.exec("BEGIN IMMEDIATE"); !begun) return begun;
    Status result = body();
    if (result) result = db.exec("COMMIT");
    if (!result) (void)db.exec("ROLLBACK");
    return result;
}

}  // namespace edge
