// The message that refuses a corrupt database. It must let a person act at once: it names the
// newest backup that passes a check and the exact command that restores it.
// Thread-safety: stateless; reads the backup directory.
#pragma once

#include <string>

namespace edge {

// "database DB is corrupt (...). The newest good backup is ... To restore it, stop edge-hub and
// run: edge-hub restore --db DB --from BACKUP". `problems` is what the integrity check said.
std::string corrupt_database_message(const std::string& db_path, const std::string& problems,
                                     const std::string& backup_dir);

}  // namespace edge
