// The top level of a Compose file: services, volumes and networks; the YAML loading and the
// limits that make it safe on untrusted input; and the one place yaml-cpp exceptions stop.
#include "compose/compose_parser.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <exception>
#include <optional>
#include <set>

#include "compose/document_limits.h"
#include "compose/fields/networking_fields.h"
#include "compose/fields/ports_volumes.h"
#include "compose/fields/runtime_fields.h"
#include "compose/fields/secrets_configs.h"
#include "compose/fields/service_parser.h"
#include "compose/interpolation/interpolate_tree.h"
#include "compose/profiles.h"
#include "compose/yaml_load.h"
#include "compose/yaml_value.h"
#include "core/memory/memsize.h"
#include "core/names.h"

namespace edge {

namespace {

using compose::Entry;
using compose::ParseContext;
using compose::Value;

// Names are collected even past an error, so that services using them are not also refused.
Status parse_volume_declarations(const Value& volumes, std::set<std::string>& names) {
    auto entries = volumes.entries();
    if (!entries) return entries.error();
    for (const Entry& entry : *entries) {
        if (!compose::is_valid_volume_name(entry.key)) {
            return entry.value.fail("\"" + entry.key +
                                    "\" is not a valid volume name; expected letters, digits, "
                                    "'_', '.' or '-', starting with a letter or digit");
        }
        names.insert(entry.key);
        if (entry.value.is_null()) continue;
        // Options such as driver or external: the agent creates plain local volumes.
        auto options = entry.value.entries();
        if (!options) return options.error();
        for (const Entry& option : *options) option.value.warn_unsupported();
    }
    return ok_status();
}

// Every service that is active under the context's profiles; errors go to the context.
StackSpec parse_services(const Value& services, const std::set<std::string>& volumes) {
    ParseContext& context = services.context();
    StackSpec stack;
    auto entries = services.entries();
    if (!entries) {
        context.add_error(entries.error());
        return stack;
    }
    if (entries->empty()) {
        context.add_error(services.fail("no services defined; expected at least one"));
        return stack;
    }
    for (const Entry& entry : *entries) {
        auto active = compose::service_is_active(entry.value, context.inputs.profiles);
        if (!active) {
            context.add_error(active.error());
            continue;
        }
        if (!*active) continue;
        stack.services.push_back(compose::parse_service(entry.key, entry.value, volumes));
    }
    if (stack.services.empty() && !context.has_errors()) {
        context.add_error(services.fail(
            "every service is in a profile that is not active; name one with --profile or "
            "COMPOSE_PROFILES"));
    }
    return stack;
}

Result<ParsedStack> parse_document(const YAML::Node& root, ParseContext& context,
                                   const std::string& stack_name) {
    Value document(context, root, "", root.Mark());
    auto entries = document.entries();
    if (!entries) return entries.error();

    std::optional<Value> services;
    std::optional<Value> volumes;
    std::optional<Value> networks;
    std::optional<Value> secrets;
    std::optional<Value> configs;
    for (const Entry& entry : *entries) {
        if (entry.key == "services") {
            services = entry.value;
        } else if (entry.value.is_null()) {
            // An empty section (`volumes:` holding only comments) is an unset one.
        } else if (entry.key == "volumes") {
            volumes = entry.value;
        } else if (entry.key == "networks") {
            networks = entry.value;
        } else if (entry.key == "secrets" || entry.key == "configs") {
            (entry.key == "secrets" ? secrets : configs) = entry.value;
        } else if (entry.key != "version" && entry.key != "name" && !entry.key.starts_with("x-")) {
            // version is obsolete, the stack name comes from the caller, and x- keys are
            // extensions (often anchors for `<<:` merges).
            entry.value.warn_unsupported();
        }
    }
    if (!services) {
        context.add_error(
            document.missing("services", "a Compose file needs at least one service"));
        return context.errors_in_file_order();
    }
    std::set<std::string> declared_volumes;
    if (volumes) {
        if (Status parsed = parse_volume_declarations(*volumes, declared_volumes); !parsed) {
            context.add_error(parsed.error());
        }
    }
    std::set<std::string> declared_networks;
    bool networks_known = true;
    if (networks) {
        auto names = compose::parse_network_declarations(*networks);
        if (names) {
            declared_networks = std::move(*names);
        } else {
            context.add_error(names.error());
            networks_known = false;  // checking services against them would only add noise
        }
    }
    StackSpec stack = parse_services(*services, declared_volumes);
    if (services->is_map()) {
        // Before the dependency check: network_mode service:NAME and links add dependencies.
        if (Status checked = compose::check_runtime_references(*services, stack); !checked) {
            context.add_error(checked.error());
        }
        if (Status checked = compose::check_dependencies(*services, stack); !checked) {
            context.add_error(checked.error());
        }
        if (networks_known) {
            Status checked = compose::check_service_networks(*services, declared_networks);
            if (!checked) context.add_error(checked.error());
        }
    }
    FileDefinitions secret_definitions;
    FileDefinitions config_definitions;
    for (auto [section, is_secrets] : {std::pair{&secrets, true}, std::pair{&configs, false}}) {
        if (!*section) continue;
        auto defined = compose::parse_file_definitions(**section, is_secrets);
        if (!defined) {
            context.add_error(defined.error());
            continue;
        }
        (is_secrets ? secret_definitions : config_definitions) = std::move(*defined);
    }
    if (services->is_map()) {
        if (Status checked = compose::check_file_references(*services, stack, secret_definitions,
                                                            config_definitions);
            !checked) {
            context.add_error(checked.error());
        }
    }
    if (context.has_errors()) return context.errors_in_file_order();
    stack.name = stack_name;
    return ParsedStack{std::move(stack), context.warnings_in_file_order(),
                       std::move(secret_definitions), std::move(config_definitions)};
}

Result<ParsedStack> load_and_parse(const std::string& text, const std::string& file_name,
                                   const std::string& stack_name,
                                   const compose::ComposeInputs& inputs) {
    if (text.size() > kMaxComposeFileSize) {
        return make_error(file_name + ": the file is larger than " +
                          format_memory_size(static_cast<int64_t>(kMaxComposeFileSize)) +
                          "; refusing to parse it");
    }
    if (Status valid = validate_name("stack", stack_name); !valid) {
        return make_error(file_name + ": " + valid.error().message);
    }
    auto root = compose::load_single_document(text, file_name);
    if (!root) return root.error();
    ParseContext context{file_name, {}, {}, inputs};
    // Before any meaning is read, so that nothing below walks an unbounded tree.
    if (Status bounded = compose::check_document_limits(*root, file_name, {}); !bounded) {
        return bounded.error();
    }
    compose::interpolate_document(*root, context);
    return parse_document(*root, context, stack_name);
}

}  // namespace

Result<ParsedStack> parse_compose_text(const std::string& text, const std::string& file_name,
                                       const std::string& stack_name,
                                       const compose::ComposeInputs& inputs) {
    // yaml-cpp reports syntax errors, and anything it cannot handle, by throwing.
    try {
        return load_and_parse(text, file_name, stack_name, inputs);
    } catch (const YAML::DeepRecursion& e) {
        return make_error(file_name + ":" + std::to_string(e.mark.line + 1) + ":" +
                          std::to_string(e.mark.column + 1) + ": invalid YAML: nested too deeply");
    } catch (const YAML::ParserException& e) {
        return make_error(file_name + ":" + std::to_string(e.mark.line + 1) + ":" +
                          std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
    } catch (const YAML::Exception& e) {
        return make_error(file_name + ": invalid YAML: " + e.msg);
    } catch (const std::exception& e) {
        return make_error(file_name + ": cannot parse: " + e.what());
    }
}

}  // namespace edge
