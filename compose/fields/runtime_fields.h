// The everyday per-service Compose keys that say how a container runs (core/runtime_options.h):
// privileges, devices, namespaces, users, hosts and DNS, signals, labels, logs, tmpfs, platform,
// links and container_name. Each is honoured; what cannot apply to a cluster is refused with
// the reason and what to write instead.
//
// Three steps, because some keys need more than their own value:
//  - parse_runtime_key reads one key into the spec's RuntimeOptions (or volumes/constraints);
//  - finish_runtime checks what needs the whole service (container_name and replicas);
//  - check_runtime_references, once every service is parsed, resolves what names other
//    services (network_mode: service:NAME, links) and turns container_name and links into
//    network aliases, so the names other services use keep resolving.
// Thread-safety: pure functions over one parse's values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/yaml_value.h"
#include "core/model.h"

namespace edge::compose {

// What the runtime keys of one service said that finish_runtime needs.
struct RuntimeDeclarations {
    std::optional<Value> container_name_at;
    std::string container_name;
    std::optional<Constraint> platform;
};

// Whether `key` is one of the keys parse_runtime_key reads.
bool is_runtime_key(const std::string& key);

Status parse_runtime_key(const Entry& entry, ServiceSpec& spec, RuntimeDeclarations& declared);

// After the service's deploy settings are known (replicas, global, constraints).
Status finish_runtime(const RuntimeDeclarations& declared, ServiceSpec& spec);

// Whole-file step: `network_mode: service:NAME` and `links` must name services of the file;
// both order first starts as Compose does (they join depends_on). A link's alias and a
// container_name become network aliases of the service they name.
Status check_runtime_references(const Value& services, StackSpec& stack);

// A Compose `platform:` ("linux/arm64", "linux/arm/v7", "linux/amd64") as Docker's
// architecture name, as NodeFacts::arch spells it; nullopt when not one edgeorch knows.
std::optional<std::string> platform_arch(const std::string& platform);

}  // namespace edge::compose
