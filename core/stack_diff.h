// What changes between two specs, in the words a person checks before confirming: for
// `service rollback` one service, for `promote` and `deploy --dry-run` a whole stack.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"

namespace edge {

// "image a:1 -> a:2, memory limit 64 MiB -> 128 MiB, command"; "other settings" when the
// specs differ elsewhere, "" when they are equal.
std::string describe_service_change(const ServiceSpec& from, const ServiceSpec& to);

// One line per service, in `next`'s order then the removed ones:
//   "web: image a:1 -> a@sha256:..."  "api: new (image x:2, 2 replicas)"
//   "db: unchanged"                   "cache: removed"
// `current` is null when the stack does not exist yet.
std::vector<std::string> describe_stack_change(const StackSpec* current, const StackSpec& next);

}  // namespace edge
