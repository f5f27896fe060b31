// Checking a SQLite file before trusting it: the hub runs this on its database at start and on
// every backup it writes or restores, so damaged state is refused rather than built upon.
// Thread-safety: none; uses the caller's connection.
#pragma once

#include <string>

#include "core/result.h"
#include "hub/store/sqlite_db.h"

namespace edge {

enum class IntegrityCheck {
    kQuick,  // PRAGMA quick_check: O(size), skips index/table cross-checks; for every start
    kFull,   // PRAGMA integrity_check: also checks indexes; for backups, which are small and rare
};

// Ok when the check says "ok"; otherwise an error listing the first few problems. A file that
// is not a SQLite database at all fails too.
Status check_integrity(SqliteDb& db, IntegrityCheck kind);

}  // namespace edge
