// The top-level `secrets:` and `configs:` of a Compose file as written (parsed by
// compose/fields/secrets_configs.h), for edgectl to read the files and variables they name.
// Thread-safety: plain values.
#pragma once

#include <map>
#include <string>

namespace edge {

// One top-level definition.
struct FileDefinition {
    enum class Source { kFile, kEnvironment, kContent, kExternal };
    Source source = Source::kFile;
    std::string value;  // the path, the variable, the content, or the external name
    bool operator==(const FileDefinition&) const = default;
};

// By Compose key.
using FileDefinitions = std::map<std::string, FileDefinition>;

}  // namespace edge
