#include "security/pki/tls_setup.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

extern char** environ;

namespace edge {

namespace {

constexpr const char* kCaKeyFile = "ca.key";
constexpr const char* kDays = "3650";

// Runs `openssl args...` quietly; fails with the command line when it does not exit 0.
Status openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "openssl");
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    // Keys are private from the moment openssl creates them (the child inherits the umask).
    mode_t previous_umask = umask(077);
    int rc = posix_spawnp(&pid, "openssl", &actions, nullptr, argv.data(), environ);
    umask(previous_umask);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string line;
        for (const auto& arg : args) line += (line.empty() ? "" : " ") + arg;
        return make_error("failed: " + line + " (is Debian's openssl installed?)");
    }
    return ok_status();
}

std::string join_path(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).string();
}

bool is_address(const std::string& name) {
    return name.find_first_not_of("0123456789.") == std::string::npos ||
           name.find(':') != std::string::npos;
}

// A new P-256 key and a certificate for `subject` signed by the CA, with `extensions`.
Status issue(const std::string& dir, const std::string& name, const std::string& subject,
             const std::string& extensions) {
    std::string key = join_path(dir, name + ".key");
    std::string request = join_path(dir, name + ".csr");
    std::string extension_file = join_path(dir, name + ".ext");
    std::ofstream(extension_file) << extensions << "\n";
    Status made =
        openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-keyout", key, "-out", request, "-subj", subject});
    if (made) {
        made = openssl({"x509", "-req", "-in", request, "-CA", join_path(dir, kCaCertFile),
                        "-CAkey", join_path(dir, kCaKeyFile), "-CAcreateserial", "-days", kDays,
                        "-extfile", extension_file, "-out", join_path(dir, name + ".crt")});
    }
    std::filesystem::remove(request);
    std::filesystem::remove(extension_file);
    chmod(key.c_str(), 0600);
    // Certificates are public, and the broker reads them as its own user.
    chmod(join_path(dir, name + ".crt").c_str(), 0644);
    return made;
}

}  // namespace

Status write_tls_authority(const std::string& dir, const std::vector<std::string>& names) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return make_error("cannot create " + dir + ": " + error.message());
    Status ca =
        openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-keyout", join_path(dir, kCaKeyFile), "-out",
                 join_path(dir, kCaCertFile), "-days", kDays, "-subj", "/CN=edgeorch cluster CA",
                 // cRLSign: the broker checks the CRL's signature against it.
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
    if (!ca) return ca;
    chmod(join_path(dir, kCaKeyFile).c_str(), 0600);
    chmod(join_path(dir, kCaCertFile).c_str(), 0644);
    return issue_server_certificate(dir, names);
}

namespace {

// A server certificate <dir>/<base>.crt, followed by the CA (its chain), and <base>.key.
Status issue_server_files(const std::string& dir, const std::string& base,
                          const std::string& common_name, const std::vector<std::string>& names) {
    std::string alt_names = "DNS:localhost,IP:127.0.0.1";
    for (const auto& name : names) alt_names += (is_address(name) ? ",IP:" : ",DNS:") + name;
    Status server = issue(dir, base, "/CN=" + common_name,
                          "subjectAltName=" + alt_names + "\nextendedKeyUsage=serverAuth");
    if (!server) return server;
    // With the CA in the chain a joining node sees the CA and compares its key with the
    // fingerprint its join command pinned.
    std::ifstream ca_cert(join_path(dir, kCaCertFile));
    std::ofstream(join_path(dir, base + ".crt"), std::ios::app) << ca_cert.rdbuf();
    return ok_status();
}

}  // namespace

Status issue_server_certificate(const std::string& dir, const std::vector<std::string>& names) {
    return issue_server_files(dir, "server", "edgeorch broker", names);
}

Status issue_http_certificate(const std::string& dir, const std::vector<std::string>& names) {
    return issue_server_files(dir, "http", "edgeorch hub", names);
}

Status issue_client_certificate(const std::string& dir, const std::string& name) {
    return issue(dir, name, "/CN=" + name, "extendedKeyUsage=clientAuth");
}

namespace {

std::string tls_files(const std::string& dir) {
    return "cafile " + join_path(dir, kCaCertFile) + "\n" + "certfile " +
           join_path(dir, kServerCertFile) + "\n" + "keyfile " + join_path(dir, kServerKeyFile) +
           "\n" + "tls_version tlsv1.2\n";
}

}  // namespace

std::string tls_listener_config(const std::string& dir, const std::string& address, int port) {
    return "listener " + std::to_string(port) + " " + address + "\n" + tls_files(dir) + "crlfile " +
           join_path(dir, kCrlFileName) + "\n" +
           "require_certificate true\n"
           "# The certificate's common name is the identity (node:NAME, edge-hub, edgectl): no\n"
           "# password is asked, and none works here without a certificate from the CA.\n"
           "use_identity_as_username true\n";
}

std::string join_listener_config(const std::string& dir, const std::string& address, int port) {
    return "listener " + std::to_string(port) + " " + address + "\n" + tls_files(dir);
}

}  // namespace edge
