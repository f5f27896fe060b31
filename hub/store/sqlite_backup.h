// Online backups of the hub's database and their restore. A backup is a complete, compacted
// copy written with VACUUM INTO from a read transaction (so the hub keeps writing meanwhile),
// checked with PRAGMA integrity_check, fsynced, and only then renamed to its final name: a file
// with a backup's name (see backup_rotation.h) is always a whole, checked database.
// Thread-safety: none; each call uses its own connection or the caller's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "hub/store/sqlite_db.h"

namespace edge {

struct BackupOptions {
    std::string dir;  // empty: default_backup_dir(db_path)
    // At most one backup per interval, and none while the database does not change.
    std::chrono::seconds interval{3600};
    size_t keep = 10;  // newest backups kept; older ones are deleted
};

// "<db_path>.backups": next to the database unless the owner points it at another disk.
std::string default_backup_dir(const std::string& db_path);

// Writes a checked backup of `db` into `dir` (created when missing); returns its path.
Result<std::string> write_backup(SqliteDb& db, const std::string& dir, int64_t now_ms);

// Deletes all but the newest `keep` backups in `dir`.
Status rotate_backups(const std::string& dir, size_t keep);

// The time of the newest backup in `dir`, whether or not it is good; nullopt when none.
std::optional<int64_t> newest_backup_time(const std::string& dir);

// The path of the newest backup in `dir` that passes PRAGMA quick_check; nullopt when none.
std::optional<std::string> newest_good_backup(const std::string& dir);

// Puts `backup` in place of the database at `db_path`, which must not be open (edge-hub
// stopped). The backup is checked first; the file it replaces, with its WAL, is kept beside it
// as "<db_path>.replaced-<time>" rather than deleted. Returns where the old file went ("" when
// there was none).
Result<std::string> restore_backup(const std::string& backup, const std::string& db_path,
                                   int64_t now_ms);

}  // namespace edge
