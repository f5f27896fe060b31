// The manifest of a shipped directory (docs/compose-files.md): the files under it, each by
// relative path, SHA-256 and mode. The manifest is itself stored as a content-addressed blob,
// and its hash is the mount's content_hash, so any change to any file (or to the set of files)
// changes the spec hash and rolls the service. Entries are sorted by path, so one directory
// always has one manifest and one hash.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

struct ShippedEntry {
    std::string path;  // relative, '/'-separated, no "." or ".." components
    std::string hash;  // SHA-256 of the content, lower-case hex
    int mode = 0644;   // permission bits only
    int64_t size = 0;
    bool operator==(const ShippedEntry&) const = default;
};

struct ShippedManifest {
    std::vector<ShippedEntry> files;  // sorted by path
    bool operator==(const ShippedManifest&) const = default;
};

std::string encode_manifest(ShippedManifest manifest);
// Refuses paths that would leave the directory ("..", absolute) and malformed hashes: the
// agent writes files at these paths.
Result<ShippedManifest> decode_manifest(const std::string& text);

// Whether a manifest path is safe to join below a directory.
bool is_safe_relative_path(const std::string& path);

}  // namespace edge
