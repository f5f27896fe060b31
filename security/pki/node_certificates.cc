#include "security/pki/node_certificates.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "security/broker/access_topics.h"
#include "security/pki/node_pki.h"
#include "security/pki/tls_setup.h"
#include "security/private_file.h"

namespace edge {

namespace {

constexpr const char* kCaKey = "ca.key";
constexpr const char* kRevokedList = "revoked";
constexpr const char* kIssuedDir = "issued";

Result<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return make_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

}  // namespace

Status write_revocation_list(const std::string& tls_dir, int64_t now) {
    std::filesystem::path dir(tls_dir);
    auto ca = read_text((dir / kCaCertFile).string());
    if (!ca) return ca.error();
    auto key = read_text((dir / kCaKey).string());
    if (!key) return key.error();
    auto crl = make_revocation_list(*ca, *key, read_lines((dir / kRevokedList).string()), now,
                                    kNodeCertificateSeconds);
    if (!crl) return crl.error();
    std::string path = (dir / kCrlFileName).string();
    if (Status written = write_private_file(path, *crl); !written) return written;
    // Public, and read by the broker's own user.
    if (chmod(path.c_str(), 0644) != 0) return make_error("cannot chmod 644 " + path);
    return ok_status();
}

std::string NodeCertificates::path(const std::string& name) const {
    return (std::filesystem::path(dir_) / name).string();
}

Result<std::string> NodeCertificates::ca_certificate() const {
    return read_text(path(kCaCertFile));
}

Result<std::string> NodeCertificates::ca_fingerprint() const {
    auto ca = ca_certificate();
    if (!ca) return ca.error();
    return public_key_fingerprint(*ca);
}

Result<std::string> NodeCertificates::issue(const std::string& node, std::string_view request_pem,
                                            int64_t now) {
    return issue_for(node_username(node), node, request_pem, now);
}

Result<std::string> NodeCertificates::issue_identity(const std::string& identity,
                                                     std::string_view request_pem, int64_t now) {
    return issue_for(identity, identity, request_pem, now);
}

Status NodeCertificates::revoke(const std::string& node, int64_t now) {
    return revoke_record(node, now);
}

Status NodeCertificates::revoke_identity(const std::string& identity, int64_t now) {
    return revoke_record(identity, now);
}

Result<std::string> NodeCertificates::issue_for(const std::string& common_name,
                                                const std::string& record,
                                                std::string_view request_pem, int64_t now) {
    auto ca = ca_certificate();
    if (!ca) return ca.error();
    auto key = read_text(path(kCaKey));
    if (!key) return key.error();
    auto issued =
        sign_client_request(request_pem, common_name, *ca, *key, now, kNodeCertificateSeconds);
    if (!issued) return issued.error();
    std::error_code error;
    std::filesystem::create_directories(path(kIssuedDir), error);
    if (error) return make_error("cannot create " + path(kIssuedDir) + ": " + error.message());
    std::string serials = path(std::string(kIssuedDir) + "/" + record);
    auto lines = read_lines(serials);
    lines.push_back(issued->serial);
    if (Status kept = write_private_file(serials, join_lines(lines)); !kept) return kept.error();
    return issued->pem;
}

Status NodeCertificates::revoke_record(const std::string& record, int64_t now) {
    std::string serials = path(std::string(kIssuedDir) + "/" + record);
    auto issued = read_lines(serials);
    if (!issued.empty()) {
        auto revoked = read_lines(path(kRevokedList));
        revoked.insert(revoked.end(), issued.begin(), issued.end());
        if (Status kept = write_private_file(path(kRevokedList), join_lines(revoked)); !kept) {
            return kept;
        }
    }
    // Rewritten even when nothing was added, so a lost or stale crl.pem heals on the next revoke.
    if (Status written = write_revocation_list(dir_, now); !written) return written;
    std::filesystem::remove(serials);
    return ok_status();
}

}  // namespace edge
