#include "security/broker/broker_setup.h"

#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "schema/messages.h"
#include "security/broker/access_topics.h"
#include "security/broker/dynsec_roles.h"
#include "security/pki/node_certificates.h"
#include "security/pki/tls_setup.h"
#include "security/private_file.h"
#include "security/secrets.h"

namespace edge {

namespace {

std::string env_file(const std::string& user_variable, const std::string& username,
                     const std::string& password_variable, const std::string& password) {
    return user_variable + "=" + username + "\n" + password_variable + "=" + password + "\n";
}

// The broker reads its files as its own user after dropping root; edge-hub writes some.
Status give_to_user(const std::string& path, const std::string& user_name) {
    if (user_name.empty()) return ok_status();
    const passwd* user = getpwnam(user_name.c_str());
    if (user == nullptr) return make_error("no user named " + user_name);
    if (chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
        return make_error("cannot give " + path + " to " + user_name);
    }
    return ok_status();
}

}  // namespace

std::string find_dynsec_plugin() {
    for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                            "/usr/lib/arm-linux-gnueabihf", "/usr/lib"}) {
        std::string path = std::string(dir) + "/mosquitto_dynamic_security.so";
        if (access(path.c_str(), R_OK) == 0) return path;
    }
    return {};
}

std::string broker_config_text(const BrokerSetupOptions& options, const std::string& plugin_path) {
    std::filesystem::path dir(options.dir);
    std::string tls_dir = (dir / kTlsDir).string();
    std::string plain_address =
        options.insecure_lan_plaintext ? options.listen_address : std::string("127.0.0.1");
    std::string plain_comment =
        options.insecure_lan_plaintext
            ? "# Plain MQTT on the LAN (--insecure-lan-plaintext): readable by anyone on it.\n"
            : "# Plain MQTT on loopback only, for edge-hub and edgectl on this machine.\n";
    return "# Written by `edge-hub init`. Every client authenticates as an identity of the\n"
           "# dynamic-security plugin; edge-hub adds and revokes node identities at run time.\n"
           "per_listener_settings false\n"
           "# The hub receives every node's messages on one connection. Mosquitto drops QoS 1\n"
           "# messages beyond a subscriber's queue limit (1000 by default), so one flooding node\n"
           "# could push out edgectl's requests; this leaves room for a 10,000-message burst.\n"
           "max_queued_messages 20000\n"
           "# No edgeorch message is larger; a bigger one is refused before anyone queues it.\n"
           "message_size_limit " +
           std::to_string(kMaxMessageBytes) +
           "\n"
           "allow_anonymous false\n"
           "plugin " +
           plugin_path +
           "\n"
           "plugin_opt_config_file " +
           (dir / kDynsecFile).string() + "\n" + plain_comment + "listener " +
           std::to_string(options.port) + " " + plain_address + "\n" +
           "# The LAN: mutual TLS; nodes, and edgectl elsewhere, present the CA's certificates.\n" +
           tls_listener_config(tls_dir, options.listen_address, options.tls_port) +
           "# The LAN: joins. TLS with the broker's certificate only; join tokens log in here.\n" +
           join_listener_config(tls_dir, options.listen_address, options.join_port);
}

Status write_broker_setup(const BrokerSetupOptions& options) {
    std::filesystem::path dir(options.dir);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return make_error("cannot create " + options.dir + ": " + error.message());
    std::string dynsec_path = (dir / kDynsecFile).string();
    if (!options.overwrite && std::filesystem::exists(dynsec_path)) {
        return make_error(dynsec_path +
                          " exists: this broker already has identities (use --force to replace "
                          "them, which locks out every node until it joins again)");
    }
    std::string plugin = options.plugin_path.empty() ? find_dynsec_plugin() : options.plugin_path;
    if (plugin.empty()) {
        return make_error("mosquitto_dynamic_security.so not found; install Debian's mosquitto");
    }

    auto hub_password = random_secret();
    auto admin_password = random_secret();
    if (!hub_password || !admin_password) return make_error("cannot generate passwords");
    auto hub_hash = hash_password(*hub_password);
    auto admin_hash = hash_password(*admin_password);
    if (!hub_hash || !admin_hash) return make_error("cannot hash passwords");

    AccessTopics topics(options.topic_prefix);
    std::string dynsec = initial_dynsec_config(topics, *hub_hash, *admin_hash).dump(1, '\t');
    if (Status s = write_private_file(dynsec_path, dynsec + "\n"); !s) return s;
    // The plugin rewrites its file whenever identities change.
    if (Status s = give_to_user(dynsec_path, options.broker_user); !s) return s;
    Status written = write_private_file(
        (dir / kHubEnvFile).string(),
        env_file("EDGE_HUB_USERNAME", kHubUsername, "EDGE_HUB_PASSWORD", *hub_password));
    if (!written) return written;
    written = write_private_file(
        (dir / kAdminEnvFile).string(),
        env_file("EDGE_USERNAME", kAdminUsername, "EDGE_PASSWORD", *admin_password));
    if (!written) return written;
    std::string tls_dir = (dir / kTlsDir).string();
    if (Status s = write_tls_authority(tls_dir, options.tls_names); !s) return s;
    if (Status s = issue_http_certificate(tls_dir, options.tls_names); !s) return s;
    for (const char* name : {kHubUsername, kAdminUsername}) {
        if (Status s = issue_client_certificate(tls_dir, name); !s) return s;
    }
    if (Status s = write_revocation_list(tls_dir, std::time(nullptr)); !s) return s;
    std::string server_key = (std::filesystem::path(tls_dir) / kServerKeyFile).string();
    if (Status s = give_to_user(server_key, options.broker_user); !s) return s;
    // edge-hub signs node certificates and rewrites the CRL in this directory, and serves its
    // HTTP API with http.key.
    for (const char* name : {"", "ca.key", kCrlFileName, kHttpKeyFile}) {
        std::string path = (std::filesystem::path(tls_dir) / name).string();
        if (Status s = give_to_user(path, options.hub_user); !s) return s;
    }
    return write_private_file((dir / kBrokerConfigFile).string(),
                              broker_config_text(options, plugin));
}

}  // namespace edge
