// Parsing of edgectl's own argument forms: durations ("10s", "1m30s") and node label changes
// ("disk=ssd", "zone-"). Pure functions, so the rules are unit-tested without a broker.
// Thread-safety: stateless.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge::ctl {

// Parses a duration made of <number><unit> parts: ms, s, m, h, d (e.g. "500ms", "10m", "1h30m").
// A bare number means seconds. Negative, empty or overflowing values are errors.
Result<std::chrono::milliseconds> parse_duration(const std::string& text);

// Formats a duration the way parse_duration reads it, e.g. "10s", "1m30s", "250ms".
std::string format_duration(std::chrono::milliseconds duration);

// What `edgectl node label NODE ...` asks for: labels to set and label keys to remove.
struct LabelChanges {
    std::map<std::string, std::string> set;
    std::vector<std::string> remove;
    bool operator==(const LabelChanges&) const = default;
};

// Parses arguments of the form key=value (set; the value may be empty) and key- (remove).
// A key given twice, or both set and removed, is an error rather than a silent last-one-wins.
Result<LabelChanges> parse_label_changes(const std::vector<std::string>& arguments);

}  // namespace edge::ctl
