// The address this node advertises to the hub, for consumers on other nodes to reach the
// services it runs (docs/networking.md). `--advertise-addr` wins; otherwise it is the source
// address the kernel picks to reach the broker, which is by construction an address the
// cluster can route to; a broker on loopback (the agent on the hub's own machine) falls back
// to the first global address of an interface that is up.
// Thread-safety: stateless functions.
#pragma once

#include <string>

#include "core/result.h"

namespace edge {

// Checks an --advertise-addr value: an IPv4 or IPv6 address, not a host name.
Status validate_advertise_address(const std::string& text);

// The detected address, or an error that says why none was found.
Result<std::string> detect_advertise_address(const std::string& broker_url);

}  // namespace edge
