// Bounds on a parsed YAML document, checked before any Compose meaning is read from it.
// yaml-cpp shares aliased nodes, so a small file can describe an enormous tree
// ("billion laughs": each level aliases the previous one ten times) or, through an anchor
// that refers to itself, an endless one. Walking such a tree counts every visit, so the walk
// stops at a fixed budget of nodes and a fixed depth instead of hanging or exhausting memory.
// Thread-safety: pure functions.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

#include "core/result.h"

namespace edge::compose {

struct DocumentLimits {
    size_t max_depth = 64;
    size_t max_nodes = 100000;  // visits, with every alias expanded
};

// Fails with `FILE:LINE: PATH: ...` naming where the limit was crossed.
Status check_document_limits(const YAML::Node& root, const std::string& file_name,
                             const DocumentLimits& limits);

}  // namespace edge::compose
