// A service's `env_file:`: one path, a list of paths, or long-form items {path, required}.
// Each file is read through the parse's ComposeInputs::read_file (edgectl resolves relative
// paths against the compose file's directory) and parsed as a `.env` file; later files win.
// A missing file is an error unless `required: false`. The service's `environment:` wins over
// every env_file; the caller applies that precedence.
// Thread-safety: pure apart from read_file; one parse's values only.
#pragma once

#include "compose/compose_inputs.h"
#include "compose/yaml_value.h"

namespace edge::compose {

Status parse_env_file(const Value& value, Variables& environment);

}  // namespace edge::compose
