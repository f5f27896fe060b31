// "edge-hub restore --db DB --from BACKUP": puts a backup in place of a corrupt (or unwanted)
// database. It is the command the hub's refusal message prints, so a person restores by
// copying one line.
// Thread-safety: main's thread only.
#pragma once

namespace edge {

// argv[0] is "restore". Returns the process exit code.
int run_restore_command(int argc, char** argv);

}  // namespace edge
