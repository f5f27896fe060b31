#include "hub/api/stack_validation.h"

#include <set>

#include "core/memory/memsize.h"
#include "hub/state/shared_network.h"

namespace edge {

namespace {

constexpr size_t kMaxLabelKeyLength = 128;
constexpr size_t kMaxLabelValueLength = 256;

bool label_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || c == '/';
}

}  // namespace

Status validate_constraint(const Constraint& constraint) {
    static const std::string kLabelPrefix = "node.labels.";
    const std::string& key = constraint.key;
    if (key.starts_with(kLabelPrefix)) {
        return validate_label(key.substr(kLabelPrefix.size()), constraint.value);
    }
    if (key == "node.class") {
        if (constraint.value == "low-power" || constraint.value == "standard") return ok_status();
        return make_error("constraint " + constraint.text() +
                          ": node.class is low-power or standard");
    }
    if (key == "node.hostname" || key == "node.platform.arch" || key == "node.platform.os") {
        return ok_status();
    }
    return make_error("constraint " + constraint.text() + ": unknown key \"" + key +
                      "\"; expected node.hostname, node.labels.KEY, node.platform.arch, "
                      "node.platform.os or node.class");
}

Status validate_label(const std::string& key, const std::string& value) {
    if (key.empty() || key.size() > kMaxLabelKeyLength) {
        return make_error("label key \"" + key + "\" must be 1-128 characters");
    }
    for (char c : key) {
        if (!label_key_char(c)) {
            return make_error("label key \"" + key +
                              "\" may contain only letters, digits, '.', '-', '_' and '/'");
        }
    }
    if (value.size() > kMaxLabelValueLength) {
        return make_error("label " + key + ": value longer than 256 characters");
    }
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) {
            return make_error("label " + key + ": value contains a control character");
        }
    }
    return ok_status();
}

Result<StackSpec> validate_stack(StackSpec stack) {
    std::set<std::string> names;
    for (auto& service : stack.services) {
        std::string where = "service " + service.name + ": ";
        if (!names.insert(service.name).second) {
            return make_error(where + "defined more than once in stack " + stack.name);
        }
        if (service.memory_reservation == 0) service.memory_reservation = service.memory_limit;
        if (service.memory_reservation > service.memory_limit) {
            return make_error(where + "memory reservation " +
                              format_memory_size(service.memory_reservation) +
                              " exceeds its limit " + format_memory_size(service.memory_limit));
        }
        for (const auto& constraint : service.constraints) {
            if (Status valid = validate_constraint(constraint); !valid) {
                return make_error(where + valid.error().message);
            }
        }
    }
    if (Status shared = check_shared_networks(stack); !shared) return shared.error();
    return stack;
}

}  // namespace edge
