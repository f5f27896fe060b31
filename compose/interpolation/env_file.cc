#include "compose/interpolation/env_file.h"

#include <string>
#include <vector>

#include "compose/interpolation/dotenv.h"

namespace edge::compose {

namespace {

struct EnvFileReference {
    std::string path;
    bool required = true;
    Value where;
};

Result<EnvFileReference> parse_reference(const Value& item) {
    if (item.is_scalar()) {
        auto path = item.text("a file path");
        if (!path) return path.error();
        if (path->empty()) return item.expected("a file path");
        return EnvFileReference{*path, true, item};
    }
    if (!item.is_map()) return item.expected("a file path or {path, required}");
    auto entries = item.entries();
    if (!entries) return entries.error();
    EnvFileReference reference{"", true, item};
    for (const Entry& entry : *entries) {
        if (entry.key == "path") {
            auto path = entry.value.text("a file path");
            if (!path) return path.error();
            if (path->empty()) return entry.value.expected("a file path");
            reference.path = *path;
            reference.where = entry.value;
        } else if (entry.key == "required") {
            auto required = entry.value.boolean();
            if (!required) return required.error();
            reference.required = *required;
        } else if (entry.key == "format") {
            auto format = entry.value.text("raw");
            if (!format) return format.error();
            // Compose's `format: raw` takes values without interpolation or quotes; not read.
            return entry.value.fail("only the default .env format is read; remove format:");
        } else {
            entry.value.warn_unsupported();
        }
    }
    if (reference.path.empty()) return item.missing("path", "an env_file item names a file");
    return reference;
}

Status read_into(const EnvFileReference& reference, Variables& environment) {
    ParseContext& context = reference.where.context();
    if (!context.inputs.read_file) {
        return reference.where.fail(
            "env_file cannot be read here: the compose file was given as text, with no "
            "directory to read \"" +
            reference.path + "\" from");
    }
    auto text = context.inputs.read_file(reference.path);
    if (!text) {
        if (!reference.required) return ok_status();
        return reference.where.fail(text.error().message);
    }
    std::vector<std::string> warnings;
    auto values = parse_dotenv(*text, reference.path, context.inputs.variables, warnings);
    for (const std::string& warning : warnings) {
        context.warnings.push_back(Diagnostic{reference.where.line(), warning});
    }
    if (!values) return reference.where.fail(values.error().message);
    for (const auto& [name, value] : *values) environment[name] = value;
    return ok_status();
}

}  // namespace

Status parse_env_file(const Value& value, Variables& environment) {
    std::vector<Value> items;
    if (value.is_list()) {
        auto listed = value.items();
        if (!listed) return listed.error();
        items = std::move(*listed);
    } else {
        items.push_back(value);
    }
    for (const Value& item : items) {
        auto reference = parse_reference(item);
        if (!reference) return reference.error();
        if (Status read = read_into(*reference, environment); !read) return read.error();
    }
    return ok_status();
}

}  // namespace edge::compose
