// JSON for the secrets and configs a service or container uses (FileReference, core/model.h):
// "secrets" and "configs", each written only when non-empty so other specs keep their hashes.
// Never a secret's value: only its name, target, owner, mode and version.
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "schema/json_reader.h"

namespace edge {

void put_file_refs(nlohmann::json& object, const std::vector<FileReference>& secrets,
                   const std::vector<FileReference>& configs);
void read_file_refs(JsonReader& item, std::vector<FileReference>& secrets,
                    std::vector<FileReference>& configs);

}  // namespace edge
