#include "compose/fields/secrets_configs.h"

#include <charconv>

#include "core/names.h"

namespace edge::compose {

namespace {

using Source = FileDefinition::Source;

const char* kind_of(bool secrets) {
    return secrets ? "secret" : "config";
}

Result<FileDefinition> parse_definition(const Value& value, bool secrets) {
    auto entries = value.entries();
    if (!entries) return entries.error();
    std::optional<FileDefinition> definition;
    std::string external_name;
    bool external = false;
    for (const Entry& entry : *entries) {
        const Value& field = entry.value;
        if (entry.key == "file" || entry.key == "environment" || entry.key == "content") {
            if (definition) {
                return field.fail("a " + std::string(kind_of(secrets)) +
                                  " has one source: file, environment or content");
            }
            auto text = field.text();
            if (!text) return text.error();
            Source source = entry.key == "file"          ? Source::kFile
                            : entry.key == "environment" ? Source::kEnvironment
                                                         : Source::kContent;
            definition = FileDefinition{source, *text};
        } else if (entry.key == "external") {
            auto flag = field.boolean();
            if (!flag) return flag.error();
            external = *flag;
        } else if (entry.key == "name") {
            auto text = field.text();
            if (!text) return text.error();
            external_name = *text;
        } else if (entry.key == "labels" || entry.key == "driver" ||
                   entry.key == "template_driver") {
            field.warn("not supported, ignored: the hub stores " + std::string(kind_of(secrets)) +
                       "s itself");
        } else {
            field.warn_unsupported();
        }
    }
    if (external) {
        if (definition)
            return value.fail("an external " + std::string(kind_of(secrets)) + " has no source");
        return FileDefinition{Source::kExternal, external_name};
    }
    if (!definition) {
        return value.missing("file", "expected file, environment, content or external: true");
    }
    return *definition;
}

std::string default_target(const std::string& name, bool secrets) {
    return secrets ? "/run/secrets/" + name : "/" + name;
}

Result<FileReference> parse_reference(const Value& item, bool secrets) {
    FileReference ref;
    ref.mode = 0444;
    if (!item.is_map()) {
        auto name = item.text("a " + std::string(kind_of(secrets)) + " name");
        if (!name) return name.error();
        ref.name = *name;
        ref.target = default_target(ref.name, secrets);
        return ref;
    }
    auto entries = item.entries();
    if (!entries) return entries.error();
    std::optional<Value> target_at;
    for (const Entry& entry : *entries) {
        const Value& field = entry.value;
        if (entry.key == "source") {
            auto text = field.text();
            if (!text) return text.error();
            ref.name = *text;
        } else if (entry.key == "target") {
            auto text = field.text("a path");
            if (!text) return text.error();
            ref.target = *text;
            target_at = field;
        } else if (entry.key == "uid" || entry.key == "gid") {
            auto id = field.integer(0, 4294967294LL);
            if (!id) return id.error();
            (entry.key == "uid" ? ref.uid : ref.gid) = std::to_string(*id);
        } else if (entry.key == "mode") {
            // YAML 1.1 reads 0440 as octal 288; a quoted "0440" is read as octal text here.
            auto text = field.text("a file mode such as 0440");
            if (!text) return text.error();
            int mode = -1;
            int base = text->size() > 1 && text->starts_with("0") ? 8 : 10;
            auto [end, error] =
                std::from_chars(text->data(), text->data() + text->size(), mode, base);
            size_t used = error == std::errc() ? static_cast<size_t>(end - text->data()) : 0;
            if (used != text->size() || mode < 0 || mode > 0777) {
                return field.expected("a file mode from 0 to 0777, such as 0440");
            }
            ref.mode = mode;
        } else {
            field.warn_unsupported();
        }
    }
    if (ref.name.empty()) return item.missing("source", "the name of a top-level entry");
    if (ref.target.empty()) {
        ref.target = default_target(ref.name, secrets);
    } else if (ref.target.front() != '/') {
        // Swarm's rule: a relative secret target lies under /run/secrets.
        if (!secrets)
            return target_at->fail("target \"" + ref.target + "\" is not an absolute path");
        ref.target = "/run/secrets/" + ref.target;
    }
    return ref;
}

}  // namespace

Result<FileDefinitions> parse_file_definitions(const Value& section, bool secrets) {
    FileDefinitions definitions;
    if (section.is_null()) return definitions;
    auto entries = section.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (Status valid = validate_file_object_name(kind_of(secrets), entry.key); !valid) {
            return entry.value.fail(valid.error().message);
        }
        auto definition = parse_definition(entry.value, secrets);
        if (!definition) return definition.error();
        definitions[entry.key] = *definition;
    }
    return definitions;
}

Result<std::vector<FileReference>> parse_file_references(const Value& list, bool secrets) {
    std::vector<FileReference> refs;
    if (list.is_null()) return refs;
    auto items = list.items();
    if (!items) return items.error();
    for (const Value& item : *items) {
        auto ref = parse_reference(item, secrets);
        if (!ref) return ref.error();
        refs.push_back(std::move(*ref));
    }
    return refs;
}

Status check_file_references(const Value& services, const StackSpec& stack,
                             const FileDefinitions& secrets, const FileDefinitions& configs) {
    auto entries = services.entries();
    if (!entries) return entries.error();
    for (const Entry& service_entry : *entries) {
        const ServiceSpec* spec = nullptr;
        for (const auto& service : stack.services) {
            if (service.name == service_entry.key) spec = &service;
        }
        if (spec == nullptr) continue;
        auto keys = service_entry.value.entries();
        if (!keys) return keys.error();
        for (const Entry& key : *keys) {
            bool is_secrets = key.key == "secrets";
            if (!is_secrets && key.key != "configs") continue;
            const auto& refs = is_secrets ? spec->secrets : spec->configs;
            const auto& defined = is_secrets ? secrets : configs;
            for (const auto& ref : refs) {
                if (defined.contains(ref.name)) continue;
                return key.value.fail(std::string(kind_of(is_secrets)) + " \"" + ref.name +
                                      "\" is not declared under the top-level " + key.key + " key");
            }
        }
    }
    return ok_status();
}

}  // namespace edge::compose
