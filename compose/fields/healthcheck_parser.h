// services.<name>.healthcheck (Compose's own keys: test, interval, timeout, retries,
// start_period, disable) and x-edge.http-check (port, path, expect, interval, timeout,
// retries), with errors that name the file, line and key.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <optional>

#include "compose/yaml_value.h"
#include "core/reconcile/health.h"

namespace edge::compose {

// Empty (no value) when the map asks for nothing, e.g. `disable: false` alone: the image's own
// check, if it has one, runs unchanged.
Result<std::optional<HealthCheck>> parse_healthcheck(const Value& value);

Result<HttpCheck> parse_http_check(const Value& value);

}  // namespace edge::compose
