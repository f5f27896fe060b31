#include "security/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace edge {

namespace {

Error io_error(const std::string& what, const std::string& path) {
    return make_error("cannot " + what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Status write_private_file(const std::string& path, const std::string& contents) {
    std::string temporary = path + ".tmp";
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("create", temporary);
    // O_CREAT's mode does not apply to a file that already existed.
    bool ok = fchmod(fd, 0600) == 0;
    size_t written = 0;
    while (ok && written < contents.size()) {
        ssize_t n = write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) written += static_cast<size_t>(n);
    }
    ok = ok && fsync(fd) == 0;
    Error failure = io_error("write", temporary);
    close(fd);
    if (!ok) {
        unlink(temporary.c_str());
        return failure;
    }
    if (rename(temporary.c_str(), path.c_str()) != 0) return io_error("rename to", path);
    return ok_status();
}

Status save_credentials(const std::string& path, const NodeCredentials& credentials) {
    nlohmann::json json = {{"v", 1},
                           {"node", credentials.node},
                           {"username", credentials.username},
                           {"password", credentials.password}};
    return write_private_file(path, json.dump(2) + "\n");
}

Result<NodeCredentials> load_credentials(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) return io_error("read", path);
    if ((info.st_mode & 077) != 0) {
        return make_error(path + " is readable by others; run chmod 600 " + path);
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) return make_error(path + " is not JSON");
    NodeCredentials credentials;
    for (auto [key, target] :
         {std::pair{"node", &credentials.node}, std::pair{"username", &credentials.username},
          std::pair{"password", &credentials.password}}) {
        auto field = json.find(key);
        if (field == json.end() || !field->is_string() || field->get<std::string>().empty()) {
            return make_error(path + ": \"" + key + "\" must be a non-empty string");
        }
        *target = field->get<std::string>();
    }
    return credentials;
}

}  // namespace edge
