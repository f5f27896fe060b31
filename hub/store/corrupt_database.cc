#include "hub/store/corrupt_database.h"

#include "hub/store/backup_rotation.h"
#include "hub/store/sqlite_backup.h"

namespace edge {

std::string corrupt_database_message(const std::string& db_path, const std::string& problems,
                                     const std::string& backup_dir) {
    std::string message = "database " + db_path + " is corrupt or not an edgeorch database (" +
                          problems + "); edge-hub refuses to run on it.";
    std::string dir = backup_dir.empty() ? default_backup_dir(db_path) : backup_dir;
    std::optional<std::string> backup = newest_good_backup(dir);
    if (!backup) {
        return message + " No good backup was found in " + dir +
               ". Move the file aside to start with an empty database; the agents keep running "
               "their last desired sets until you deploy again.";
    }
    return message + " The newest good backup is " + *backup +
           ". To restore it, stop edge-hub and run: edge-hub restore --db " + db_path + " --from " +
           *backup;
}

}  // namespace edge
