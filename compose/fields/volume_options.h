// The options of a service's volume beyond source, target and read_only: bind propagation and
// SELinux relabelling, create_host_path, a named volume's nocopy, a tmpfs mount's size and mode,
// in the short syntax's mode field ("/srv:/srv:ro,rslave,z") and the long syntax's bind, volume
// and tmpfs maps. The engine honours each; macOS consistency hints are harmless and warned.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <string>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// One comma-separated option of the short syntax's third field other than ro and rw.
// Fails for an option that is not one.
Status apply_short_volume_option(const Value& at, const std::string& option, VolumeMount& mount);

// One key of the long syntax other than type, source, target and read_only.
Status apply_long_volume_option(const Entry& entry, VolumeMount& mount);

// After the whole item is read: each option belongs to the mount's kind.
Status check_volume_options(const Value& item, const VolumeMount& mount);

}  // namespace edge::compose
