#include "hub/store/sqlite_db.h"

#include <sqlite3.h>

namespace edge {

namespace {

Error sql_error(sqlite3* db, const std::string& sql) {
    std::string statement = sql.size() > 80 ? sql.substr(0, 77) + "..." : sql;
    return make_error(std::string(sqlite3_errmsg(db)) + " (in \"" + statement + "\")");
}

}  // namespace

SqliteStatement::~SqliteStatement() {
    if (statement_ != nullptr) sqlite3_finalize(statement_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), statement_(other.statement_), sql_(std::move(other.sql_)) {
    other.statement_ = nullptr;
}

void SqliteStatement::bind(int index, int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
}

void SqliteStatement::bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
}

void SqliteStatement::bind_blob(int index, const std::string& bytes) {
    sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                      SQLITE_TRANSIENT);
}

std::string SqliteStatement::blob(int column) const {
    const void* value = sqlite3_column_blob(statement_, column);
    if (value == nullptr) return "";
    return std::string(static_cast<const char*>(value),
                       static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

void SqliteStatement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
}

Result<bool> SqliteStatement::step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sql_error(db_, sql_);
}

Status SqliteStatement::run() {
    Result<bool> row = step();
    if (!row) return row.error();
    return ok_status();
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

int64_t SqliteStatement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::text(int column) const {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    if (value == nullptr) return "";
    return std::string(reinterpret_cast<const char*>(value),
                       static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

bool SqliteStatement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return make_error("cannot open database " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<SqliteDb>(new SqliteDb(db, path));
}

SqliteDb::~SqliteDb() {
    sqlite3_close(db_);
}

Status SqliteDb::exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return ok_status();
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    std::string statement = sql.size() > 80 ? sql.substr(0, 77) + "..." : sql;
    return make_error(text + " (in \"" + statement + "\")");
}

Result<SqliteStatement> SqliteDb::prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    int rc =
        sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) return sql_error(db_, sql);
    return SqliteStatement(db_, statement, sql);
}

Result<std::string> SqliteDb::query_text(const std::string& sql) {
    auto statement = prepare(sql);
    if (!statement) return statement.error();
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) return std::string();
    return statement->text(0);
}

}  // namespace edge
