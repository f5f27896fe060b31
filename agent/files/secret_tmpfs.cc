#include "agent/files/secret_tmpfs.h"

#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cstring>

namespace edge {

bool is_on_tmpfs(const std::string& path) {
    struct statfs info {};
    if (::statfs(path.c_str(), &info) != 0) return false;
    return info.f_type == TMPFS_MAGIC || info.f_type == RAMFS_MAGIC;
}

Result<std::string> ensure_secret_tmpfs(const std::string& state_dir) {
    std::string dir = state_dir + "/" + kSecretTmpfsDir;
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return make_error("cannot create " + dir + ": " + std::strerror(errno));
    }
    if (is_on_tmpfs(dir)) return dir;
    if (::mount("edge-secrets", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=4m,mode=0700") != 0) {
        return make_error("secrets are written only to a tmpfs, and none can be mounted at " + dir +
                          ": " + std::strerror(errno) + " (run edge-agent as root)");
    }
    return dir;
}

}  // namespace edge
