// Interpolation of a whole Compose document, before any key's meaning is read, so that a
// value is validated as what it becomes (`${UPLOAD_LOCATION}:/data` as the path it names).
// Every scalar value is interpolated (keys are not, as in Compose) with the context's
// variables; an unset variable is a warning naming it, a `?` form or bad syntax an error.
// Thread-safety: works on one parse's tree and context.
#pragma once

#include <yaml-cpp/yaml.h>

#include "compose/yaml_value.h"

namespace edge::compose {

// Rewrites the scalars of `root` in place; errors and warnings go to `context`.
void interpolate_document(YAML::Node root, ParseContext& context);

}  // namespace edge::compose
