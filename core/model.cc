#include "core/model.h"

#include "core/environments.h"

namespace edge {

std::string container_name(const std::string& node, const std::string& stack,
                           const std::string& service, int replica) {
    return "edge-" + engine_stack_name(stack) + "-" + service + "-" + std::to_string(replica) +
           "." + node;
}

const char* volume_kind_name(VolumeMount::Kind kind) {
    switch (kind) {
        case VolumeMount::Kind::kNamed:
            return "volume";
        case VolumeMount::Kind::kBind:
            return "bind";
        case VolumeMount::Kind::kTmpfs:
            return "tmpfs";
    }
    return "volume";
}

const char* to_string(RestartPolicy policy) {
    switch (policy) {
        case RestartPolicy::kNo:
            return "no";
        case RestartPolicy::kAlways:
            return "always";
        case RestartPolicy::kOnFailure:
            return "on-failure";
        case RestartPolicy::kUnlessStopped:
            return "unless-stopped";
    }
    return "always";
}

std::optional<RestartPolicy> restart_policy_from(const std::string& text) {
    // Compose's `restart:` and `deploy.restart_policy.condition` spell these differently;
    // both vocabularies are accepted here.
    if (text == "no" || text == "none") return RestartPolicy::kNo;
    if (text == "always" || text == "any") return RestartPolicy::kAlways;
    if (text == "on-failure") return RestartPolicy::kOnFailure;
    if (text == "unless-stopped") return RestartPolicy::kUnlessStopped;
    return std::nullopt;
}

const char* to_string(StorageKind kind) {
    switch (kind) {
        case StorageKind::kUnknown:
            return "unknown";
        case StorageKind::kSd:
            return "sd";
        case StorageKind::kEmmc:
            return "emmc";
        case StorageKind::kSsd:
            return "ssd";
        case StorageKind::kHdd:
            return "hdd";
    }
    return "unknown";
}

std::optional<StorageKind> storage_kind_from(const std::string& text) {
    if (text == "unknown") return StorageKind::kUnknown;
    if (text == "sd") return StorageKind::kSd;
    if (text == "emmc") return StorageKind::kEmmc;
    if (text == "ssd") return StorageKind::kSsd;
    if (text == "hdd") return StorageKind::kHdd;
    return std::nullopt;
}

const char* to_string(ServiceClass service_class) {
    switch (service_class) {
        case ServiceClass::kAuto:
            return "auto";
        case ServiceClass::kDatabase:
            return "database";
        case ServiceClass::kStateless:
            return "stateless";
    }
    return "auto";
}

}  // namespace edge
