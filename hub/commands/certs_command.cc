#include "hub/commands/certs_command.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "security/broker/access_topics.h"
#include "security/broker/broker_setup.h"
#include "security/pki/node_certificates.h"
#include "security/pki/node_pki.h"
#include "security/pki/tls_setup.h"

namespace edge {

namespace {

Status give_to(const std::filesystem::path& path, const std::string& user_name) {
    if (user_name.empty()) return ok_status();
    const passwd* user = getpwnam(user_name.c_str());
    if (user == nullptr) return make_error("no user named " + user_name);
    if (chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
        return make_error("cannot give " + path.string() + " to " + user_name);
    }
    return ok_status();
}

// When the certificate in `path` expires, as text for the report.
std::string expiry_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto not_after = certificate_not_after(text.str());
    if (!not_after) return "?";
    std::time_t when = static_cast<std::time_t>(*not_after);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&when));
    return date;
}

Status renew(const std::string& dir, const std::vector<std::string>& names,
             const std::string& broker_user, const std::string& hub_user) {
    std::filesystem::path tls = std::filesystem::path(dir) / kTlsDir;
    if (!std::filesystem::exists(tls / kCaCertFile)) {
        return make_error("no CA in " + tls.string() + "; run `edge-hub init` first");
    }
    if (Status s = issue_server_certificate(tls.string(), names); !s) return s;
    if (Status s = give_to(tls / kServerKeyFile, broker_user); !s) return s;
    if (Status s = issue_http_certificate(tls.string(), names); !s) return s;
    if (Status s = give_to(tls / kHttpKeyFile, hub_user); !s) return s;
    for (const char* name : {kHubUsername, kAdminUsername}) {
        if (Status s = issue_client_certificate(tls.string(), name); !s) return s;
    }
    if (Status s = write_revocation_list(tls.string(), std::time(nullptr)); !s) return s;
    return give_to(tls / kCrlFileName, hub_user);
}

}  // namespace

int run_certs_command(int argc, char** argv) {
    std::string dir;
    std::vector<std::string> names;
    std::string broker_user;
    std::string hub_user;
    CLI::App app{"edge-hub certs: the cluster's certificates", "edge-hub certs"};
    app.require_subcommand(1);
    CLI::App* renew_command = app.add_subcommand(
        "renew",
        "re-issue the broker's, the hub's and edgectl's certificates and the CRL with the "
        "existing CA; identities and node certificates stay");
    renew_command->add_option("--dir", dir, "the directory `edge-hub init` wrote")->required();
    renew_command->add_option(
        "--tls-name", names,
        "host name or address nodes reach the broker by (repeatable; give them all again)");
    renew_command->add_option("--broker-user", broker_user,
                              "system user Mosquitto runs as; owns the broker's key");
    renew_command->add_option("--hub-user", hub_user, "system user edge-hub runs as; owns the CRL");
    CLI11_PARSE(app, argc, argv);

    if (Status renewed = renew(dir, names, broker_user, hub_user); !renewed) {
        std::fprintf(stderr, "edge-hub certs renew: %s\n", renewed.error().message.c_str());
        return 1;
    }
    std::filesystem::path tls = std::filesystem::path(dir) / kTlsDir;
    std::printf(
        "Renewed in %s: the broker's certificate (until %s), edge-hub's and edgectl's, and the "
        "CRL.\nReload the broker (systemctl reload mosquitto) and copy edgectl.crt and "
        "edgectl.key to machines that use them; nodes keep their certificates.\n",
        tls.c_str(), expiry_of(tls / kServerCertFile).c_str());
    return 0;
}

}  // namespace edge
