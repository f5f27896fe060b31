// The hub's SQLite schema and its migrations (the schema itself is documented in
// sqlite_schema.cc, where it is defined).
// Thread-safety: none; runs once while the store opens.
#pragma once

#include "core/result.h"
#include "hub/store/sqlite_db.h"

namespace edge {

// Brings the database to the newest schema version, one transaction per migration.
// Fails when the file was written by a newer edge-hub.
Status migrate_schema(SqliteDb& db);

// The schema version this build writes.
int latest_schema_version();

}  // namespace edge
