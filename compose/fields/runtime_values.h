// The value shapes the runtime keys share (compose/fields/runtime_fields.h): lists of strings, a
// string or a list, `KEY=VALUE` lists or maps, and the short forms of devices, tmpfs and links.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// A list of scalars (numbers keep their text).
Result<std::vector<std::string>> string_list(const Value& value, const std::string& what);

// One scalar or a list of scalars.
Result<std::vector<std::string>> string_or_list(const Value& value, const std::string& what);

// One `KEY=VALUE` item (or map entry) and where it was written. value is empty for `KEY`
// alone or `KEY:` with nothing after it.
struct KeyValue {
    std::string key;
    std::optional<std::string> value;
    Value at;
};

// A map of KEY: VALUE, or a list of "KEY<separator>VALUE" items. An item without `separator`
// is split at `alternative` when one is given ('\0': none), else it is a KEY without a value.
Result<std::vector<KeyValue>> key_values(const Value& value, char separator,
                                         const std::string& what, char alternative = '\0');

// `devices:` one item: "HOST[:CONTAINER[:PERMISSIONS]]" or {source, target, permissions}.
Result<DeviceMapping> parse_device(const Value& item);

// `tmpfs:` one path with options: "/run" or "/run:size=64m,mode=1777".
Result<VolumeMount> parse_tmpfs_text(const Value& at, const std::string& text);

// `links:` items "SERVICE" or "SERVICE:ALIAS" (alias is the service name when not given).
struct Link {
    std::string service;
    std::string alias;
    Value at;
};
Result<std::vector<Link>> parse_link_items(const Value& value);

}  // namespace edge::compose
