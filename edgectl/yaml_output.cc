#include "edgectl/yaml_output.h"

#include <yaml-cpp/yaml.h>

namespace edge::ctl {

namespace {

void emit(YAML::Emitter& out, const nlohmann::json& value) {
    if (value.empty() && (value.is_object() || value.is_array())) {
        // Block style would put an empty `[]` on a line of its own.
        out << YAML::Flow << (value.is_object() ? YAML::BeginMap : YAML::BeginSeq)
            << (value.is_object() ? YAML::EndMap : YAML::EndSeq);
    } else if (value.is_object()) {
        out << YAML::BeginMap;
        for (const auto& [key, item] : value.items()) {
            out << YAML::Key << key << YAML::Value;
            emit(out, item);
        }
        out << YAML::EndMap;
    } else if (value.is_array()) {
        out << YAML::BeginSeq;
        for (const auto& item : value) emit(out, item);
        out << YAML::EndSeq;
    } else if (value.is_string()) {
        out << YAML::DoubleQuoted << value.get<std::string>();
    } else if (value.is_null()) {
        out << YAML::Null;
    } else {
        out << value.dump();  // numbers and booleans read the same in YAML
    }
}

}  // namespace

std::string json_as_yaml(const nlohmann::json& value) {
    YAML::Emitter out;
    out.SetMapFormat(YAML::Block);
    out.SetSeqFormat(YAML::Block);
    emit(out, value);
    std::string text = out.c_str();
    return text.empty() || text.back() == '\n' ? text : text + "\n";
}

}  // namespace edge::ctl
