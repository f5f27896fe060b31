#include "core/environments.h"

#include <algorithm>
#include <cmath>

#include "core/names.h"

namespace edge {

Status validate_environment_name(const std::string& name) {
    return validate_name("environment", name);
}

Status validate_stack_key(const std::string& key) {
    size_t at = key.find('@');
    if (at == std::string::npos) return validate_name("stack", key);
    if (Status stack = validate_name("stack", key.substr(0, at)); !stack) return stack;
    std::string environment = key.substr(at + 1);
    if (environment == kDefaultEnvironment) {
        return make_error("stack key \"" + key + "\" names the default environment");
    }
    return validate_environment_name(environment);
}

std::string stack_key(const std::string& environment, const std::string& stack) {
    if (environment.empty() || environment == kDefaultEnvironment) return stack;
    return stack + "@" + environment;
}

StackRef split_stack_key(const std::string& key) {
    size_t at = key.find('@');
    if (at == std::string::npos) return {kDefaultEnvironment, key};
    return {key.substr(at + 1), key.substr(0, at)};
}

std::string engine_stack_name(const std::string& key) {
    StackRef ref = split_stack_key(key);
    if (ref.environment == kDefaultEnvironment) return key;
    return ref.stack + ".ENV-" + ref.environment;
}

Result<Constraint> parse_constraint_text(const std::string& text) {
    const std::string expected = "; expected KEY==VALUE or KEY!=VALUE, e.g. node.labels.env==prod";
    size_t equal_at = text.find("==");
    size_t unequal_at = text.find("!=");
    size_t operator_at = std::min(equal_at, unequal_at);
    if (operator_at == std::string::npos) {
        return make_error("constraint \"" + text + "\" has no == or !=" + expected);
    }
    Constraint constraint{text.substr(0, operator_at), operator_at == equal_at,
                          text.substr(operator_at + 2)};
    if (constraint.key.empty() || constraint.value.empty() ||
        constraint.value.find_first_of("=!") != std::string::npos ||
        constraint.key.find_first_of(" \t") != std::string::npos) {
        return make_error("constraint \"" + text + "\" is malformed" + expected);
    }
    return constraint;
}

void add_environment_constraints(StackSpec& stack, const std::vector<Constraint>& constraints) {
    for (auto& service : stack.services) {
        for (const auto& constraint : constraints) {
            if (std::find(service.constraints.begin(), service.constraints.end(), constraint) ==
                service.constraints.end()) {
                service.constraints.push_back(constraint);
            }
        }
    }
}

Result<int64_t> parse_memory_factor(double factor) {
    int64_t thousandths = static_cast<int64_t>(std::llround(factor * 1000));
    if (!(factor > 0) || thousandths < kMinMemoryFactor || thousandths > kMaxMemoryFactor) {
        return make_error(
            "memory factor out of range: expected 0.1 to 16 (1 leaves limits as they are)");
    }
    return thousandths;
}

std::string format_memory_factor(int64_t thousandths) {
    std::string text = std::to_string(thousandths / 1000);
    int64_t fraction = thousandths % 1000;
    if (fraction == 0) return text;
    std::string digits = std::to_string(1000 + fraction).substr(1);
    while (digits.back() == '0') digits.pop_back();
    return text + "." + digits;
}

namespace {

constexpr int64_t kMiB = 1024 * 1024;
// The engine refuses limits under 6 MiB (compose checks the same for stated limits).
constexpr int64_t kMinScaledLimit = 6 * kMiB;

int64_t scaled(int64_t bytes, int64_t numerator, int64_t denominator) {
    // In MiB, so a 64 MiB limit halves to exactly 32 MiB and back.
    double mib = static_cast<double>(bytes) / kMiB * static_cast<double>(numerator) /
                 static_cast<double>(denominator);
    return std::max<int64_t>(kMinScaledLimit, std::llround(mib) * kMiB);
}

void scale_memory(StackSpec& stack, int64_t numerator, int64_t denominator) {
    if (numerator == denominator) return;
    for (auto& service : stack.services) {
        service.memory_limit = scaled(service.memory_limit, numerator, denominator);
        service.memory_reservation = std::min(
            service.memory_limit, scaled(service.memory_reservation, numerator, denominator));
    }
}

}  // namespace

void apply_memory_factor(StackSpec& stack, int64_t thousandths) {
    scale_memory(stack, thousandths, 1000);
}

void remove_memory_factor(StackSpec& stack, int64_t thousandths) {
    scale_memory(stack, 1000, thousandths);
}

}  // namespace edge
