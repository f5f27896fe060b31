#include "agent/stored_credentials.h"

#include <filesystem>

#include "bus/mqtt_client.h"
#include "security/private_file.h"

namespace edge {

Status use_stored_credentials(AgentOptions& options) {
    if (!options.username.empty()) return ok_status();
    std::string path = (std::filesystem::path(options.state_dir) / kCredentialsFileName).string();
    if (!std::filesystem::exists(path)) return ok_status();
    auto credentials = load_credentials(path);
    if (!credentials) return credentials.error();
    if (credentials->node != options.node) {
        return make_error(path + " holds the credentials of node " + credentials->node + ", not " +
                          options.node);
    }
    options.username = credentials->username;
    options.password = credentials->password;
    auto address = parse_broker_url(options.broker_url);
    if (!address || !address->tls || !options.tls_ca_file.empty()) return ok_status();
    std::filesystem::path tls_dir = std::filesystem::path(options.state_dir) / kNodeTlsDir;
    if (!std::filesystem::exists(tls_dir / kNodeCertFile)) return ok_status();
    options.tls_ca_file = (tls_dir / kNodeCaFile).string();
    options.tls_cert_file = (tls_dir / kNodeCertFile).string();
    options.tls_key_file = (tls_dir / kNodeKeyFile).string();
    return ok_status();
}

}  // namespace edge
