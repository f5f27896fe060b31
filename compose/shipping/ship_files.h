// What a deploy does with the relative and `~` bind paths of a stack (Origin::kRelative, left by
// the Compose parser) before sending it: it looks at the files beside the Compose file, which
// only the client can see (edgectl: the disk; the HTTP API: the files uploaded with the compose
// text; file_source.h). The rules (docs/compose-files.md):
//   - an existing file, or an existing directory, ships with the stack: its content becomes
//     content-addressed blobs (SHA-256) and the mount becomes kShippedFile / kShippedDirectory
//     with the content hash, bound read-only on the node;
//   - everything shipped by one stack is at most `max_size` bytes (distinct content counted
//     once); a larger directory or file is refused with its size, the limit and what to use;
//   - a path that does not exist is the app's data directory: the mount becomes kNodeData
//     named by its path relative to the Compose file (e.g. "data"), a directory the agent
//     makes under its data root, which pins the replica to its node like a named volume; it
//     must lie inside the Compose file's directory;
//   - absolute paths are never looked at here.
// Thread-safety: reads its FileSource; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compose/shipping/file_source.h"
#include "core/model.h"
#include "core/result.h"

namespace edge {

inline constexpr int64_t kDefaultMaxShippedSize = 1024 * 1024;

struct ShipOptions {
    std::string compose_file;  // its directory anchors relative paths; named in messages
    std::string home;          // what `~` stands for; empty: `~` paths are refused
    int64_t max_size = kDefaultMaxShippedSize;
    // Where the files are read; null: the disk beside compose_file (DiskFileSource).
    const FileSource* source = nullptr;
};

struct ShippedBlob {
    std::string hash;  // SHA-256 of content, lower-case hex
    std::string content;
};

struct ShippedFiles {
    std::vector<ShippedBlob> blobs;     // distinct, in the order first met
    int64_t total_size = 0;             // bytes of the distinct file contents
    std::vector<std::string> warnings;  // e.g. special files skipped inside a directory
};

// Resolves every Origin::kRelative bind of `stack` in place and returns what must travel to
// the hub with it. Fails, naming the service and volume, on the first bind it cannot ship.
Result<ShippedFiles> ship_relative_binds(StackSpec& stack, const ShipOptions& options);

}  // namespace edge
