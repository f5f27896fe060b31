#include "hub/commands/restore_command.h"

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "hub/store/sqlite_backup.h"
#include "hub/wall_clock.h"

namespace edge {

int run_restore_command(int argc, char** argv) {
    std::string db_path;
    std::string backup;
    CLI::App app{"edge-hub restore: replace the hub database with a backup (stop edge-hub first)"};
    app.add_option("--db", db_path, "the database file edge-hub runs on")->required();
    app.add_option("--from", backup, "the backup file to restore")->required();
    CLI11_PARSE(app, argc, argv);

    auto replaced = restore_backup(backup, db_path, wall_clock_ms());
    if (!replaced) {
        std::cerr << "edge-hub restore: " << replaced.error().message << '\n';
        return 1;
    }
    std::cout << "restored " << backup << " to " << db_path << '\n';
    if (!replaced->empty()) std::cout << "the replaced database was kept as " << *replaced << '\n';
    return 0;
}

}  // namespace edge
