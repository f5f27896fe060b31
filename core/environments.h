// Environments (dev, preprod, prod...) on one cluster: a stack belongs to one, and the same
// stack name may exist in several. Inside the hub, the database and the desired sets a stack is
// known by its key: its name in the `default` environment (so everything deployed before
// environments existed keeps its names and nothing is recreated on upgrade), and
// "NAME@ENVIRONMENT" in any other. '@' is not allowed in names, so keys never collide; Docker
// refuses '@' in container and network names, so engine names write it as ".ENV-", which has
// upper-case letters that names cannot have either.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "core/model.h"
#include "core/names.h"
#include "core/result.h"

namespace edge {

inline constexpr const char* kDefaultEnvironment = "default";

// Environment names follow the stack name rules.
Status validate_environment_name(const std::string& name);

// The longest stack key: a stack name, '@' and an environment name.
inline constexpr size_t kMaxStackKeyLength = 2 * kMaxNameLength + 1;

// A stack key in a message (desired sets, reports, stored specs): a stack name, optionally
// followed by '@' and an environment name other than `default`.
Status validate_stack_key(const std::string& key);

// The stack's key: "web" in `default`, "web@preprod" elsewhere.
std::string stack_key(const std::string& environment, const std::string& stack);

struct StackRef {
    std::string environment;
    std::string stack;
    bool operator==(const StackRef&) const = default;
};

// The inverse of stack_key: "web@preprod" -> {preprod, web}; "web" -> {default, web}.
StackRef split_stack_key(const std::string& key);

// The key as it may appear in a Docker container or network name: unchanged in `default`,
// "web.ENV-preprod" elsewhere.
std::string engine_stack_name(const std::string& key);

// How the secrets and configs a stack defines itself (not external ones) are named in the hub:
// this prefix and the compose file's key, e.g. "web_db_password" in `default` and
// "web.ENV-preprod_db_password" in preprod, so the same stack in two environments never shares
// (or overwrites) a value.
inline std::string stack_file_prefix(const std::string& environment, const std::string& stack) {
    return engine_stack_name(stack_key(environment, stack)) + "_";
}

// An environment's placement constraint as written on the command line:
// "node.labels.env==prod" or "node.hostname!=pi-1". Only the syntax is checked here.
Result<Constraint> parse_constraint_text(const std::string& text);

// The services of a stack deployed in an environment get its constraints too (those they do
// not declare already).
void add_environment_constraints(StackSpec& stack, const std::vector<Constraint>& constraints);

// An environment's memory factor, in thousandths so it is exact: 1000 leaves limits alone,
// 500 halves them (a preprod of small nodes), 2000 doubles them.
inline constexpr int64_t kNeutralMemoryFactor = 1000;
inline constexpr int64_t kMinMemoryFactor = 100;    // 0.1
inline constexpr int64_t kMaxMemoryFactor = 16000;  // 16

// The factor as written on the command line ("0.5") in thousandths; an error out of range.
Result<int64_t> parse_memory_factor(double factor);
// "0.5", "1", "1.25".
std::string format_memory_factor(int64_t thousandths);

// Each service's memory limit and reservation, as deployed (stated in the compose file or the
// default), multiplied by the factor and rounded to a whole MiB, at least the engine's 6 MiB.
void apply_memory_factor(StackSpec& stack, int64_t thousandths);
// The inverse, to the MiB, for a spec taken from an environment (promote) before the target's
// factor applies.
void remove_memory_factor(StackSpec& stack, int64_t thousandths);

}  // namespace edge
