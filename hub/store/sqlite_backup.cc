#include "hub/store/sqlite_backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "hub/store/backup_rotation.h"
#include "hub/store/sqlite_integrity.h"

namespace edge {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUnfinishedPrefix = ".unfinished-";

// Flushes a file, or a directory's entries, to the disk.
Status sync_to_disk(const std::string& path, bool directory) {
    int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return make_error("cannot open " + path + ": " + std::strerror(errno));
    int rc = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    if (rc != 0) return make_error("cannot fsync " + path + ": " + std::strerror(saved));
    return ok_status();
}

std::vector<std::string> file_names(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

// Single quotes doubled, for a file name inside an SQL string literal.
std::string sql_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

Status check_file(const std::string& path, IntegrityCheck kind) {
    if (!fs::is_regular_file(path)) return make_error(path + " is not a file");
    auto db = SqliteDb::open(path);
    if (!db) return db.error();
    return check_integrity(**db, kind);
}

// Renames `from` to `to` and makes the rename durable.
Status durable_rename(const std::string& from, const std::string& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (error) return make_error("cannot rename " + from + " to " + to + ": " + error.message());
    return sync_to_disk(fs::absolute(to).parent_path().string(), true);
}

}  // namespace

std::string default_backup_dir(const std::string& db_path) {
    return db_path + ".backups";
}

Result<std::string> write_backup(SqliteDb& db, const std::string& dir, int64_t now_ms) {
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) return make_error("cannot create backup directory " + dir + ": " + error.message());
    std::string final_path = dir + "/" + backup_file_name(now_ms);
    // Unfinished backups are left by a hub killed in the middle of one; only one runs at a time.
    for (const auto& name : file_names(dir)) {
        if (name.starts_with(kUnfinishedPrefix)) fs::remove(dir + "/" + name, error);
    }
    std::string temporary = dir + "/" + std::string(kUnfinishedPrefix) + backup_file_name(now_ms);

    if (Status copied = db.exec("VACUUM INTO " + sql_quoted(temporary)); !copied) {
        fs::remove(temporary, error);
        return make_error("cannot write backup " + temporary + ": " + copied.error().message);
    }
    Status good = check_file(temporary, IntegrityCheck::kFull);
    if (good) good = sync_to_disk(temporary, false);
    if (good) good = durable_rename(temporary, final_path);
    if (!good) {
        fs::remove(temporary, error);
        return make_error("backup " + temporary + " is not usable: " + good.error().message);
    }
    return final_path;
}

Status rotate_backups(const std::string& dir, size_t keep) {
    for (const auto& name : backups_to_delete(file_names(dir), keep)) {
        std::error_code error;
        fs::remove(dir + "/" + name, error);
        if (error) return make_error("cannot delete old backup " + name + ": " + error.message());
    }
    return ok_status();
}

std::optional<int64_t> newest_backup_time(const std::string& dir) {
    std::vector<std::string> backups = backups_newest_first(file_names(dir));
    if (backups.empty()) return std::nullopt;
    return backup_time(backups.front());
}

std::optional<std::string> newest_good_backup(const std::string& dir) {
    for (const auto& name : backups_newest_first(file_names(dir))) {
        std::string path = dir + "/" + name;
        if (check_file(path, IntegrityCheck::kQuick)) return path;
    }
    return std::nullopt;
}

Result<std::string> restore_backup(const std::string& backup, const std::string& db_path,
                                   int64_t now_ms) {
    if (Status good = check_file(backup, IntegrityCheck::kFull); !good) {
        return make_error("refusing to restore " + backup + ": " + good.error().message);
    }
    std::error_code error;
    std::string temporary = db_path + ".restoring";
    fs::copy_file(backup, temporary, fs::copy_options::overwrite_existing, error);
    if (error) return make_error("cannot copy " + backup + ": " + error.message());
    if (Status synced = sync_to_disk(temporary, false); !synced) return synced.error();

    // The WAL and shared-memory files belong to the replaced database; left in place, SQLite
    // would replay the old WAL into the restored file.
    std::string moved_aside;
    std::string aside = db_path + ".replaced-" + std::to_string(now_ms);
    if (fs::exists(db_path)) {
        if (Status s = durable_rename(db_path, aside); !s) return s.error();
        moved_aside = aside;
    }
    if (fs::exists(db_path + "-wal")) {
        if (Status s = durable_rename(db_path + "-wal", aside + "-wal"); !s) return s.error();
    }
    fs::remove(db_path + "-shm", error);
    if (Status s = durable_rename(temporary, db_path); !s) return s.error();
    return moved_aside;
}

}  // namespace edge
