#include "hub/store/sqlite_integrity.h"

namespace edge {

Status check_integrity(SqliteDb& db, IntegrityCheck kind) {
    auto check = db.prepare(kind == IntegrityCheck::kQuick ? "PRAGMA quick_check"
                                                           : "PRAGMA integrity_check");
    if (!check) return check.error();
    std::string problems;
    for (int lines = 0; lines < 5; ++lines) {  // the first few problems are enough to act on
        auto row = check->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string line = check->text(0);
        if (line == "ok") return ok_status();
        problems += (problems.empty() ? "" : "; ") + line;
    }
    return make_error(problems.empty() ? "integrity check returned nothing" : problems);
}

}  // namespace edge
