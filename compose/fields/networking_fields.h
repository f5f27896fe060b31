// The Compose keys about networking (docs/networking.md): a service's `expose`, `depends_on`
// and `networks`, the top-level `networks`, and the checks that need the whole file (a
// dependency on an undefined service, a dependency cycle, a service on an undeclared network).
//
// What one node can honour is honoured: every service of a stack joins the stack's one bridge
// network on its node, under its name and its `networks.*.aliases`. What it cannot gets a
// warning that names it: isolation between several networks, overlay and external networks,
// static addresses, and depends_on conditions other than service_started.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// `expose:` a list of "3306", 3306 or "53/udp".
Result<std::vector<PortMapping>> parse_expose(const Value& value);

// `depends_on:` a list of service names, or a map of name: {condition, restart, required}.
Result<std::vector<std::string>> parse_depends_on(const Value& value);

// A service's `networks:` a list of network names, or a map of name: {aliases: [...], ...}.
// Returns the aliases; other options are warned about.
Result<std::vector<std::string>> parse_service_networks(const Value& value);

// The top-level `networks:`; returns the declared names. Warns about options one node's
// bridge network does not honour, and about isolation when there is more than one network.
Result<std::set<std::string>> parse_network_declarations(const Value& networks);

// Whole-file checks, after every service parsed: each depends_on names a service of the file
// and there is no cycle; each network a service lists is declared (or is `default`).
Status check_dependencies(const Value& services, const StackSpec& stack);
Status check_service_networks(const Value& services, const std::set<std::string>& declared);

}  // namespace edge::compose
