// Checks a StackSpec for what the schema decoder cannot see (duplicate names, constraint
// keys, reservations above limits) and fills in defaults, before the hub stores it.
// Thread-safety: plain functions over values.
#pragma once

#include <string>

#include "core/model.h"
#include "core/result.h"

namespace edge {

// Returns the stack ready to store (an undeclared reservation becomes the limit) or an error
// naming the service and the problem.
Result<StackSpec> validate_stack(StackSpec stack);

// Node label keys and values as accepted by node.label and constraints.
Status validate_label(const std::string& key, const std::string& value);

// A placement constraint's key and value, as services and environments (env.create) use them.
Status validate_constraint(const Constraint& constraint);

}  // namespace edge
