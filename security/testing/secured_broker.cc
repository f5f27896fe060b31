#include "security/testing/secured_broker.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "bus/connect_once.h"
#include "security/broker/broker_setup.h"

namespace edge::testing {

namespace {

// The value of `variable` in an env file written by write_broker_setup().
std::string env_value(const std::string& path, const std::string& variable) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(variable + "=", 0) == 0) return line.substr(variable.size() + 1);
    }
    return {};
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

bool SecuredBroker::plugin_missing() {
    return find_dynsec_plugin().empty();
}

bool SecuredBroker::start(const std::string& prefix) {
    BrokerSetupOptions options;
    options.dir = process_.dir() + "/broker";
    options.listen_address = "127.0.0.1";
    options.port = process_.port();
    options.topic_prefix = prefix;
    // Ephemeral ports rarely repeat, but three asked for in a row must differ.
    do {
        tls_port_ = free_loopback_port();
        join_port_ = free_loopback_port();
    } while (tls_port_ == join_port_ || tls_port_ == process_.port() ||
             join_port_ == process_.port());
    options.tls_port = tls_port_;
    options.join_port = join_port_;
    if (!write_broker_setup(options)) return false;
    hub_password_ = env_value(options.dir + "/" + kHubEnvFile, "EDGE_HUB_PASSWORD");
    admin_password_ = env_value(options.dir + "/" + kAdminEnvFile, "EDGE_PASSWORD");
    return process_.start_with_config(read_file(options.dir + "/" + kBrokerConfigFile));
}

JoinOptions SecuredBroker::join_options(const std::string& node, const std::string& token,
                                        const std::string& ca_fingerprint) const {
    JoinOptions options;
    options.broker_url = join_url();
    options.node = node;
    options.token = token;
    options.ca_fingerprint = ca_fingerprint;
    options.ca_file = process_.dir() + "/" + node + "-ca.crt";
    options.timeout = std::chrono::seconds(10);
    return options;
}

int connack_code(int port, const std::string& username, const std::string& password) {
    return tls_connack_code(port, username, password, "");
}

int tls_connack_code(int port, const std::string& username, const std::string& password,
                     const std::string& ca_file, const std::string& cert_file,
                     const std::string& key_file) {
    ConnectAttempt attempt;
    attempt.port = port;
    attempt.username = username;
    attempt.password = password;
    attempt.ca_file = ca_file;
    attempt.cert_file = cert_file;
    attempt.key_file = key_file;
    auto code = connect_once(attempt);
    return code ? *code : -1;
}

}  // namespace edge::testing
