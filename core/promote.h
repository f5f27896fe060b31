// `edgectl promote`: the spec that runs in one environment, with every image pinned to the
// digest that environment's nodes actually pulled, so the next environment gets the tested
// build even when its tag has since moved.
// Thread-safety: stateless.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace edge {

// What one replica of the source runs, as its node reported it.
struct ReplicaImage {
    int replica = 0;
    std::string node;    // "" when the replica is not placed
    std::string digest;  // repo digest "REPO@sha256:HEX"; "" when unknown
};

// `stack` with each service's image replaced by the one digest its replicas run
// (`replicas` by service name). Images already pinned by digest stay as they are. Refused,
// naming `label`/SERVICE and the replica, when a replica's digest is unknown, when a service
// has no replica to take one from, or when its replicas run different digests.
Result<StackSpec> pin_stack_images(
    const StackSpec& stack, const std::string& label,
    const std::map<std::string, std::vector<ReplicaImage>>& replicas);

// The environment's constraints taken off a stored spec (deploy added them), so the spec can
// be deployed to another environment that adds its own.
void remove_environment_constraints(StackSpec& stack, const std::vector<Constraint>& constraints);

// The secrets the stack defines itself are named for it in its environment
// (stack_file_prefix); a promoted spec uses the target environment's, which a deploy there
// brought, never the source's. Secrets with other names (external ones) stay. Returns the
// names that stayed.
std::vector<std::string> rename_stack_secrets(StackSpec& stack, const std::string& from_prefix,
                                              const std::string& to_prefix);

}  // namespace edge
