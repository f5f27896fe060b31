// edgectl context create|ls|use|rm|show|import: the contexts in contexts.json.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include "edgectl/commands.h"
#include "edgectl/contexts_file.h"

namespace edge::ctl {

namespace {

struct CreateArgs {
    std::string name;
    HubContext context;
    bool password_stdin = false;
};

struct ImportArgs {
    std::string file;
    std::string name = "default";
    std::string broker = kDefaultBrokerUrl;
    bool replace = false;
};

// TLS files are stored as absolute paths so the context works from any directory; relative
// ones are taken relative to `base`.
Status absolutize_tls_files(HubContext& context, const std::filesystem::path& base) {
    for (std::string* path : {&context.tls_ca, &context.tls_cert, &context.tls_key}) {
        if (path->empty()) continue;
        std::filesystem::path absolute = std::filesystem::path(*path).is_absolute()
                                             ? std::filesystem::path(*path)
                                             : base / *path;
        std::error_code error;
        if (!std::filesystem::is_regular_file(absolute, error)) {
            return make_error("TLS file " + absolute.string() + " does not exist");
        }
        *path = absolute.lexically_normal().string();
    }
    return ok_status();
}

// Loads the book, lets `change` edit it, and saves it; prints nothing.
Status edit_book(const std::function<Status(ContextBook&)>& change) {
    auto path = context_book_path(process_env);
    if (!path) return path.error();
    auto book = load_context_book(*path);
    if (!book) return book.error();
    if (Status changed = change(*book); !changed) return changed;
    return save_context_book(*path, *book);
}

Result<ContextBook> read_book() {
    auto path = context_book_path(process_env);
    if (!path) return path.error();
    return load_context_book(*path);
}

// Adds `context` as `name`; the first context becomes the current one.
Status add_context(ContextBook& book, const std::string& name, const HubContext& context,
                   bool replace) {
    if (book.contexts.contains(name) && !replace) {
        return make_error("a context named \"" + name + "\" exists; remove it first");
    }
    book.contexts[name] = context;
    if (book.current.empty()) book.current = name;
    return ok_status();
}

int run_context_create(CreateArgs args) {
    if (Status valid = validate_context_name(args.name); !valid) {
        return fail(valid.error().message, kExitUsage);
    }
    if (args.password_stdin) {
        std::getline(std::cin, args.context.password);
        if (!args.context.password.empty() && args.context.password.back() == '\r') {
            args.context.password.pop_back();
        }
        if (args.context.password.empty()) return fail("--password-stdin: no password on stdin");
    }
    if (Status valid = validate_context(args.context); !valid) {
        return fail(valid.error().message, kExitUsage);
    }
    if (Status files = absolutize_tls_files(args.context, std::filesystem::current_path());
        !files) {
        return fail(files.error().message, kExitUsage);
    }
    Status saved = edit_book(
        [&](ContextBook& book) { return add_context(book, args.name, args.context, false); });
    if (!saved) return fail(saved.error().message);
    std::cout << "created context " << args.name << "\n";
    return kExitOk;
}

int run_context_import(const ImportArgs& args) {
    if (Status valid = validate_context_name(args.name); !valid) {
        return fail(valid.error().message, kExitUsage);
    }
    std::ifstream in(args.file);
    if (!in) return fail("cannot read " + args.file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto values = parse_env_file(text, args.file);
    if (!values) return fail(values.error().message, kExitUsage);
    auto context = context_from_env_file(*values, args.broker, args.file);
    if (!context) return fail(context.error().message, kExitUsage);
    std::filesystem::path base = std::filesystem::absolute(args.file).parent_path();
    if (Status files = absolutize_tls_files(*context, base); !files) {
        return fail(files.error().message, kExitUsage);
    }
    Status saved = edit_book(
        [&](ContextBook& book) { return add_context(book, args.name, *context, args.replace); });
    if (!saved) return fail(saved.error().message);
    std::cout << "imported " << args.file << " as context " << args.name << " (" << context->broker
              << ")\n";
    return kExitOk;
}

int run_context_list(const CommandContext& command) {
    auto book = read_book();
    if (!book) return fail(book.error().message);
    if (command.format() == OutputFormat::kJson) {
        print_json(std::cout, contexts_json(*book));
    } else {
        std::cout << render_contexts(*book);
    }
    return kExitOk;
}

int run_context_use(const std::string& name) {
    Status saved = edit_book([&](ContextBook& book) -> Status {
        if (!book.contexts.contains(name)) return make_error("no context named \"" + name + "\"");
        book.current = name;
        return ok_status();
    });
    if (!saved) return fail(saved.error().message);
    std::cout << "current context is now " << name << "\n";
    return kExitOk;
}

int run_context_remove(const std::string& name) {
    Status saved = edit_book([&](ContextBook& book) -> Status {
        if (book.contexts.erase(name) == 0) {
            return make_error("no context named \"" + name + "\"");
        }
        if (book.current == name) book.current.clear();
        return ok_status();
    });
    if (!saved) return fail(saved.error().message);
    std::cout << "removed context " << name << "\n";
    return kExitOk;
}

int run_context_show(const CommandContext& command) {
    auto book = read_book();
    if (!book) return fail(book.error().message);
    std::string name = command.globals.context;
    if (name.empty()) name = process_env("EDGE_CONTEXT").value_or(book->current);
    if (name.empty()) return fail("no current context; see edgectl context use");
    auto found = book->contexts.find(name);
    if (found == book->contexts.end()) return fail("no context named \"" + name + "\"");
    if (command.format() == OutputFormat::kJson) {
        print_json(std::cout, context_json(name, found->second, name == book->current));
    } else {
        std::cout << render_context(name, found->second);
    }
    return kExitOk;
}

}  // namespace

void add_context_commands(CLI::App& app, CommandContext& context) {
    CLI::App* group =
        app.add_subcommand("context", "named connection settings for one or more hubs");
    group->require_subcommand(1);
    group->fallthrough();

    auto create_args = std::make_shared<CreateArgs>();
    CLI::App* create = group->add_subcommand("create", "store a new context");
    create->fallthrough();
    create->add_option("name", create_args->name, "context name")->required();
    // This subcommand's own --broker/--username shadow the global ones on purpose: here they
    // are what to store, not how to connect now.
    create->add_option("--broker", create_args->context.broker, "MQTT broker URL")->required();
    create->add_option("--username", create_args->context.username, "broker username");
    create->add_flag("--password-stdin", create_args->password_stdin,
                     "read the broker password from the first line of stdin");
    create->add_option("--ca", create_args->context.tls_ca,
                       "CA that signed the broker's certificate (mqtts://)");
    create->add_option("--cert", create_args->context.tls_cert, "client certificate (mqtts://)");
    create->add_option("--key", create_args->context.tls_key, "client key (mqtts://)");
    create->callback([&context, create_args] {
        context.set_action([create_args] { return run_context_create(*create_args); });
    });

    CLI::App* list = group->add_subcommand("ls", "list contexts; * marks the current one");
    list->fallthrough();
    list->callback(
        [&context] { context.set_action([&context] { return run_context_list(context); }); });

    auto name = std::make_shared<std::string>();
    CLI::App* use = group->add_subcommand("use", "make a context the current one");
    use->fallthrough();
    use->add_option("name", *name, "context name")->required();
    use->callback(
        [&context, name] { context.set_action([name] { return run_context_use(*name); }); });

    CLI::App* remove = group->add_subcommand("rm", "remove a context");
    remove->fallthrough();
    remove->add_option("name", *name, "context name")->required();
    remove->callback(
        [&context, name] { context.set_action([name] { return run_context_remove(*name); }); });

    CLI::App* show = group->add_subcommand(
        "show", "show the context in use (--context NAME, $EDGE_CONTEXT or the current one)");
    show->fallthrough();
    show->callback(
        [&context] { context.set_action([&context] { return run_context_show(context); }); });

    auto import_args = std::make_shared<ImportArgs>();
    CLI::App* import = group->add_subcommand(
        "import", "store the edgectl.env that edge-hub init wrote as a context");
    import->fallthrough();
    import->add_option("file", import_args->file, "path of edgectl.env")->required();
    import->add_option("--name", import_args->name, "context name")->capture_default_str();
    import
        ->add_option("--broker", import_args->broker, "broker URL when the file has no EDGE_BROKER")
        ->capture_default_str();
    import->add_flag("--force", import_args->replace, "replace a context of the same name");
    import->callback([&context, import_args] {
        context.set_action([import_args] { return run_context_import(*import_args);
});
}  // namespace edge::ctl
);
}

}  // namespace edge::ctl
