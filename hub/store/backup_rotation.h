// Naming and rotation of the hub's database backups, as pure functions (no file system access),
// so the policy is tested without a disk. A backup is a file "hub-YYYYMMDDTHHMMSSmmmZ.db"
// (UTC, milliseconds): names sort the same way as the times they carry, so "newest" is simply
// the greatest name.
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edge {

// The file name of a backup taken at `time_ms` (milliseconds since the epoch, UTC).
std::string backup_file_name(int64_t time_ms);

// The time a backup file name carries, or nullopt when `name` is not a backup's name (the
// temporary file of an unfinished backup, or anything a person put in the directory).
std::optional<int64_t> backup_time(std::string_view name);

// The backup names among `names`, newest first; other names are left out.
std::vector<std::string> backups_newest_first(const std::vector<std::string>& names);

// The backups to delete so that only the newest `keep` remain (at least one is always kept).
// Names that are not backups are never listed.
std::vector<std::string> backups_to_delete(const std::vector<std::string>& names, size_t keep);

}  // namespace edge
