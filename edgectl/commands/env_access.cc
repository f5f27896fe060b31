// edgectl env grant / env revoke: edgectl identities limited to one environment
// (docs/environments.md, "Access"). `grant` makes a key and a certificate request here, so the
// key never travels; the hub signs it for CN=env:<env>:<name> and creates the broker identity;
// the files land in a private directory with an edgectl.env that `context import` reads.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "core/environments.h"
#include "core/names.h"
#include "edgectl/commands.h"
#include "schema/requests.h"
#include "security/broker/access_topics.h"
#include "security/join_messages.h"
#include "security/pki/node_pki.h"
#include "security/private_file.h"

namespace edge::ctl {

namespace {

struct GrantArgs {
    std::string environment;
    std::string name;
    std::string out_dir;     // default: ./edgectl-<env>-<name>
    std::string broker_url;  // default: mqtts://HUB:8883
};

Status validate_identity(const std::string& environment, const std::string& name) {
    if (Status valid = validate_environment_name(environment); !valid) return valid;
    return validate_name("identity", name);
}

// A grant for an environment that does not exist would make an identity that can do nothing.
Status check_environment_exists(HubConnection& hub, const std::string& environment) {
    auto rows = hub.request(ops::kEnvList, nlohmann::json::object());
    if (!rows) return rows.error();
    for (const auto& row : *rows) {
        if (field_text(row, "name") == environment) return ok_status();
    }
    return make_error("no environment named " + environment +
                      "; create it with edgectl env create " + environment);
}

Status write_grant_files(const std::filesystem::path& dir, const std::string& name,
                         const nlohmann::json& data, const std::string& broker_url) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return make_error("cannot create " + dir.string() + ": " + error.message());
    if (chmod(dir.c_str(), 0700) != 0) return make_error("cannot chmod 700 " + dir.string());
    const std::string cert_file = name + ".crt";
    const std::string key_file = name + ".key";
    for (const auto& [file, text] :
         {std::pair{std::string("ca.crt"), field_text(data, "ca")},
          std::pair{cert_file, field_text(data, "certificate")},
          std::pair{key_file, data.value("key", std::string())},
          std::pair{std::string("edgectl.env"),
                    granted_env_file(broker_url, field_text(data, "username"),
                                     data.value("password", std::string()), "ca.crt", cert_file,
                                     key_file)}}) {
        if (Status written = write_private_file((dir / file).string(), text); !written) {
            return written;
        }
    }
    return ok_status();
}

int run_env_grant(const CommandContext& context, const GrantArgs& args) {
    if (Status valid = validate_identity(args.environment, args.name); !valid) {
        return fail(valid.error().message, kExitUsage);
    }
    auto options = context.connection_options();
    if (!options) return fail(options.error().message);
    auto hub = HubConnection::open(*options);
    if (!hub) return fail(hub.error().message);
    if (Status exists = check_environment_exists(**hub, args.environment); !exists) {
        return fail(exists.error().message);
    }
    const std::string username = environment_username(args.environment, args.name);
    auto key = make_key_and_request(username);
    if (!key) return fail(key.error().message);
    auto data = (*hub)->request(credential_ops::kEnvGrant,
                                {{"environment", args.environment},
                                 {"name", args.name},
                                 {"certificate_request", key->request_pem}},
                                AccessTopics(context.globals.prefix).credentials());
    if (!data) return fail(data.error().message);
    (*data)["key"] = key->key_pem;
    std::string broker =
        args.broker_url.empty() ? lan_broker_url(options->broker_url, 8883) : args.broker_url;
    std::filesystem::path dir =
        args.out_dir.empty() ? "edgectl-" + args.environment + "-" + args.name : args.out_dir;
    if (Status written = write_grant_files(dir, args.name, *data, broker); !written) {
        return fail(written.error().message);
    }
    std::string env_file = (dir / "edgectl.env").string();
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, {{"username", username},
                               {"environment", args.environment},
                               {"env_file", env_file},
                               {"broker", broker}});
        return kExitOk;
    }
    std::cout << "Granted " << username << ": it may deploy, list, roll back and remove stacks in "
              << "environment " << args.environment << " only.\n"
              << "Its key, certificate and password are in " << dir.string()
              << "/ (keep them private). Where it will be used:\n"
              << "  edgectl context import " << env_file << " --name " << args.environment << "-"
              << args.name << "\n";
    return kExitOk;
}

int run_env_revoke(const CommandContext& context, const std::string& environment,
                   const std::string& name) {
    if (Status valid = validate_identity(environment, name); !valid) {
        return fail(valid.error().message, kExitUsage);
    }
    auto data =
        context.request(credential_ops::kEnvRevoke, {{"environment", environment}, {"name", name}},
                        AccessTopics(context.globals.prefix).credentials());
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
    } else {
        std::cout << field_text(*data, "username") << ": revoked\n";
    }
    return kExitOk;
}

}  // namespace

std::string granted_env_file(const std::string& broker_url, const std::string& username,
                             const std::string& password, const std::string& ca_file,
                             const std::string& cert_file, const std::string& key_file) {
    // Single quotes: `set -a; . FILE` reads the values as they are, and so does parse_env_file.
    auto line = [](const char* key, const std::string& value) {
        return std::string(key) + "='" + value + "'\n";
    };
    return "# Written by `edgectl env grant`: " + username + ", limited to one environment.\n" +
           line("EDGE_BROKER", broker_url) + line("EDGE_USERNAME", username) +
           line("EDGE_PASSWORD", password) + line("EDGE_TLS_CA", ca_file) +
           line("EDGE_TLS_CERT", cert_file) + line("EDGE_TLS_KEY", key_file);
}

void add_env_access_commands(CLI::App& env, CommandContext& context) {
    auto grant_args = std::make_shared<GrantArgs>();
    CLI::App* grant = env.add_subcommand(
        "grant",
        "make an edgectl identity that may act only in one environment: its key, certificate "
        "and password, and an edgectl.env for `context import`");
    grant->fallthrough();
    grant->add_option("environment", grant_args->environment, "environment")->required();
    grant->add_option("name", grant_args->name, "a name for the identity, e.g. ci or alice")
        ->required();
    grant->add_option("--out", grant_args->out_dir,
                      "directory for its files (default: ./edgectl-ENV-NAME)");
    grant->add_option("--broker-url", grant_args->broker_url,
                      "the broker URL its edgectl.env names (default: mqtts://HUB:8883, HUB the "
                      "host this edgectl reaches the broker at, or this machine's name)");
    grant->callback([&context, grant_args] {
        context.set_action([&context, grant_args] { return run_env_grant(context, *grant_args); });
    });

    auto revoke_args = std::make_shared<GrantArgs>();
    CLI::App* revoke = env.add_subcommand(
        "revoke", "delete an identity `env grant` made; it is disconnected at once");
    revoke->fallthrough();
    revoke->add_option("environment", revoke_args->environment, "environment")->required();
    revoke->add_option("name", revoke_args->name, "the identity's name")->required();
    revoke->callback([&context, revoke_args] {
        context.set_action([&context, revoke_args] {
            return run_env_revoke(context, revoke_args->environment, revoke_args->name);
        });
    });
}

}  // namespace edge::ctl
