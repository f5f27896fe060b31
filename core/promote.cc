#include "core/promote.h"

#include <algorithm>
#include <set>

#include "core/comma_list.h"
#include "core/image_digest.h"

namespace edge {

namespace {

std::string where(const ReplicaImage& replica) {
    return "replica " + std::to_string(replica.replica) +
           (replica.node.empty() ? " (not placed)" : " on " + replica.node);
}

Result<std::string> one_digest(const std::string& name, const std::vector<ReplicaImage>& replicas) {
    if (replicas.empty()) {
        return make_error(name + " has no replica running, so no digest to pin its image to");
    }
    std::set<std::string> digests;
    for (const auto& replica : replicas) {
        if (replica.digest.empty()) {
            return make_error(name + " " + where(replica) +
                              " has no known image digest (it is not running, or its image was "
                              "not pulled from a registry); pin the image in the compose file "
                              "(image: NAME@sha256:...) or wait until it runs");
        }
        digests.insert(replica.digest);
    }
    if (digests.size() > 1) {
        std::vector<std::string> seen;
        for (const auto& replica : replicas) seen.push_back(where(replica) + ": " + replica.digest);
        return make_error(name + "'s replicas run different images (" + comma_list(seen) +
                          "); let its rolling update finish (edgectl service ps) and promote "
                          "again");
    }
    return *digests.begin();
}

}  // namespace

Result<StackSpec> pin_stack_images(
    const StackSpec& stack, const std::string& label,
    const std::map<std::string, std::vector<ReplicaImage>>& replicas) {
    StackSpec pinned = stack;
    for (auto& service : pinned.services) {
        if (is_pinned_image(service.image)) continue;
        auto found = replicas.find(service.name);
        static const std::vector<ReplicaImage> kNone;
        auto digest =
            one_digest(label + "/" + service.name, found == replicas.end() ? kNone : found->second);
        if (!digest) return digest.error();
        service.image = *digest;
    }
    return pinned;
}

void remove_environment_constraints(StackSpec& stack, const std::vector<Constraint>& constraints) {
    for (auto& service : stack.services) {
        std::erase_if(service.constraints, [&](const Constraint& constraint) {
            return std::find(constraints.begin(), constraints.end(), constraint) !=
                   constraints.end();
        });
    }
}

std::vector<std::string> rename_stack_secrets(StackSpec& stack, const std::string& from_prefix,
                                              const std::string& to_prefix) {
    std::vector<std::string> kept;
    for (auto& service : stack.services) {
        for (auto& secret : service.secrets) {
            if (secret.name.rfind(from_prefix, 0) == 0) {
                secret.name = to_prefix + secret.name.substr(from_prefix.size());
                // The target's own value has its own version; the deploy fills it in.
                secret.version = 0;
            } else {
                kept.push_back(secret.name);
            }
        }
    }
    return kept;
}

}  // namespace edge
