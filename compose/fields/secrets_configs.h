// Compose's `secrets:` and `configs:`, Swarm's model (docs/compose-files.md):
//   top level   NAME: {file: PATH} | {environment: VAR} | {content: TEXT} | {external: true,
//               name: HUBNAME?}
//   service     - NAME                          (short: /run/secrets/NAME or /NAME)
//               - {source, target, uid, gid, mode}
// The parser only records what was written. edgectl reads the files and variables, and names
// what the stack defines "<stack>_<NAME>" in the hub, as `docker stack deploy` does; an
// external one keeps its own name. Until then FileReference::name holds the Compose key.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <string>
#include <vector>

#include "compose/file_definitions.h"
#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge {

namespace compose {

// The top-level `secrets:` or `configs:` map.
Result<FileDefinitions> parse_file_definitions(const Value& section, bool secrets);

// A service's `secrets:` or `configs:` list.
Result<std::vector<FileReference>> parse_file_references(const Value& list, bool secrets);

// Every reference of every service names a definition. `services` is the top-level services
// map, for the line of the offending entry.
Status check_file_references(const Value& services, const StackSpec& stack,
                             const FileDefinitions& secrets, const FileDefinitions& configs);

}  // namespace compose
}  // namespace edge
