#include "edgectl/commands/compose_source.h"

#include <cctype>
#include <filesystem>

#include "compose/profiles.h"
#include "core/names.h"

namespace edge::ctl {

std::string default_stack_name(const std::string& compose_file) {
    std::filesystem::path directory =
        std::filesystem::absolute(compose_file).lexically_normal().parent_path();
    std::string name;
    for (char c : directory.filename().string()) {
        unsigned char byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte)) {
            name += static_cast<char>(std::tolower(byte));
        } else if (!name.empty() && name.back() != '-') {
            name += '-';
        }
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    if (name.size() > kMaxNameLength) name.resize(kMaxNameLength);
    if (!validate_name("stack", name)) return "stack";
    return name;
}

void add_compose_source_options(CLI::App& command, ComposeSource& source, bool stack_required) {
    command.add_option("-f,--file", source.file, "compose file")->required();
    CLI::Option* stack = command.add_option("--stack", source.stack, "stack name");
    if (stack_required) stack->required();
    command.add_option("--env-file", source.env_files,
                       "file of NAME=value variables for interpolation (repeatable; the "
                       "environment and the .env beside the compose file come first)");
    command.add_option("--profile", source.profiles,
                       "activate the services of this profile (repeatable; default: "
                       "$COMPOSE_PROFILES)");
}

Result<ParsedStack> load_compose_source(const ComposeSource& source,
                                        std::vector<std::string>& warnings) {
    std::vector<std::string> variable_warnings;
    auto variables =
        gather_variables(source.file, source.env_files, process_environment(), variable_warnings);
    if (!variables) return variables.error();
    compose::ComposeInputs inputs;
    inputs.profiles = compose::active_profiles(source.profiles, *variables);
    inputs.variables = std::move(*variables);
    std::string stack = source.stack.empty() ? default_stack_name(source.file) : source.stack;
    auto parsed = parse_compose_file(source.file, stack, std::move(inputs));
    warnings = std::move(variable_warnings);
    if (parsed) warnings.insert(warnings.end(), parsed->warnings.begin(), parsed->warnings.end());
    return parsed;
}

}  // namespace edge::ctl
