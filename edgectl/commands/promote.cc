// edgectl promote STACK --from ENV --to ENV [--yes]: deploys what runs in one environment to
// another, images pinned to the digests the source's nodes pulled (hub/api/promote_handler.h).
// The hub previews first; the person confirms what the preview shows, and the confirmed
// images travel with the real request so the hub refuses if the source moved meanwhile.
#include <iostream>

#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

namespace {

struct PromoteOptions {
    std::string stack;
    std::string from;
    std::string to;
    bool yes = false;
};

std::vector<std::string> strings_of(const nlohmann::json& data, const char* key) {
    std::vector<std::string> items;
    auto found = data.find(key);
    if (found == data.end() || !found->is_array()) return items;
    for (const auto& item : *found) {
        if (item.is_string()) items.push_back(item.get<std::string>());
    }
    return items;
}

// A line from stdin: y or yes confirms; anything else, or no terminal and no input, does not.
bool confirmed(std::istream& in) {
    std::cout << "Promote? [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(in, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

int run_promote(const CommandContext& context, const PromoteOptions& options) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    nlohmann::json args = {
        {"stack", options.stack}, {"from", options.from}, {"to", options.to}, {"dry_run", true}};
    auto preview = (*hub)->request(ops::kPromote, args);
    if (!preview) return fail(preview.error().message);
    const bool json_output = context.format() == OutputFormat::kJson;
    if (!json_output) std::cout << render_promote_preview(*preview);
    if (!options.yes) {
        if (json_output) {
            print_json(std::cout, *preview);
            return fail("promote -o json does not ask; add --yes to promote");
        }
        if (!confirmed(std::cin)) return fail("not promoted: not confirmed (--yes skips asking)");
    }
    args["dry_run"] = false;
    args["images"] = (*preview)["images"];
    auto done = (*hub)->request(ops::kPromote, args);
    if (!done) return fail(done.error().message);
    if (json_output) {
        print_json(std::cout, *done);
        return kExitOk;
    }
    std::cout << "promoted " << field_text(*done, "source") << " to " << field_text(*done, "stack")
              << "\n";
    auto replicas = done->find("replicas");
    if (replicas != done->end()) std::cout << render_replicas(*replicas);
    return kExitOk;
}

}  // namespace

std::string render_promote_preview(const nlohmann::json& data) {
    std::string text = "promote " + field_text(data, "source") + " to " +
                       field_text(data, "stack") + ", images pinned to what " +
                       field_text(data, "from") + " runs:\n";
    auto images = data.find("images");
    if (images != data.end() && images->is_object()) {
        for (const auto& [service, image] : images->items()) {
            text +=
                "  " + service + ": " + (image.is_string() ? image.get<std::string>() : "") + "\n";
        }
    }
    text += "changes in " + field_text(data, "to") + ":\n";
    for (const auto& line : strings_of(data, "changes")) text += "  " + line + "\n";
    std::vector<std::string> plan = strings_of(data, "plan");
    if (!plan.empty()) {
        text += "placement:\n";
        for (const auto& line : plan) text += "  " + line + "\n";
    }
    return text;
}

void add_promote_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<PromoteOptions>();
    CLI::App* promote = app.add_subcommand(
        "promote",
        "deploy the spec a stack runs in one environment to another, images pinned to the "
        "digests its nodes pulled; shows the changes and asks first");
    promote->fallthrough();
    promote->add_option("stack", options->stack, "stack name")->required();
    promote->add_option("--from", options->from, "environment the stack runs and was tested in")
        ->required();
    promote->add_option("--to", options->to, "environment to deploy it to")->required();
    promote->add_flag("--yes,-y", options->yes, "do not ask for confirmation");
    promote->callback([&context, options] {
        context.set_action([&context, options] { return run_promote(context, *options); });
    });
}

}  // namespace edge::ctl
