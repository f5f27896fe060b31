// JSON values written as block YAML, for `edgectl config render`: the same data as the JSON
// form, in the shape a compose file is read in. Strings are double-quoted so that "true",
// "8080" or "" keep their type when the output is read back.
// Thread-safety: pure function.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace edge::ctl {

std::string json_as_yaml(const nlohmann::json& value);

}  // namespace edge::ctl
