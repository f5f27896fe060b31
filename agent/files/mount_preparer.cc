#include "agent/files/mount_preparer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "schema/fetch_messages.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {

namespace fs = std::filesystem;

namespace {

using Origin = VolumeMount::Origin;

// Writes `content` to `path` through a temporary file and a rename, so a crash never leaves a
// half-written file at a cached name; then sets owner and mode.
Status write_file(const fs::path& path, const std::string& content, int mode, int64_t uid = -1,
                  int64_t gid = -1) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error)
        return make_error("cannot create " + path.parent_path().string() + ": " + error.message());
    std::string temporary = path.string() + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return make_error("cannot write " + temporary);
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0) {
            ::close(fd);
            return make_error("cannot write " + temporary);
        }
        written += static_cast<size_t>(n);
    }
    bool ok = ::fsync(fd) == 0;
    // Owner as asked; no call when it is already ours, so an agent that is not root can still
    // write files for containers that run as its own user.
    bool ours =
        uid == static_cast<int64_t>(::geteuid()) && gid == static_cast<int64_t>(::getegid());
    ok = ok &&
         (uid < 0 || ours || ::fchown(fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid)) == 0);
    ok = ok && ::fchmod(fd, static_cast<mode_t>(mode)) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return make_error("cannot write " + path.string());
    }
    return ok_status();
}

// A uid or gid as the desired set carries it (decimal digits, checked by the decoder).
int64_t owner_id(const std::string& text) {
    int64_t id = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || id > 4294967295LL / 10) return 0;
        id = id * 10 + (c - '0');
    }
    return id;
}

Result<std::string> read_file(const fs::path& path) {
    std::string content;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error("cannot read " + path.string());
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            ::close(fd);
            return make_error("cannot read " + path.string());
        }
        if (n == 0) break;
        content.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return content;
}

}  // namespace

std::string MountPreparer::data_dir(const std::string& stack, const std::string& path) const {
    return (fs::path(state_dir_) / "data" / stack / path).string();
}

Result<std::string> MountPreparer::cached_blob(const std::string& hash) {
    fs::path path = fs::path(state_dir_) / "files" / "blobs" / hash;
    if (fs::exists(path)) return path.string();
    auto content = fetch_(kFetchBlob, hash, nullptr);
    if (!content) return content.error();
    // The hub answers by hash; a wrong answer must never be cached under that hash.
    if (sha256_hex(*content) != hash)
        return make_error("content from the hub does not match " + hash);
    if (Status s = write_file(path, *content, 0444); !s) return s.error();
    return path.string();
}

Result<std::string> MountPreparer::cached_tree(const std::string& hash) {
    fs::path root = fs::path(state_dir_) / "files" / "trees" / hash;
    if (fs::exists(root)) return root.string();
    auto manifest_path = cached_blob(hash);
    if (!manifest_path) return manifest_path.error();
    auto text = read_file(*manifest_path);
    if (!text) return text.error();
    auto manifest = decode_manifest(*text);
    if (!manifest) return manifest.error();
    // Built beside its final name and renamed into place, so a tree that exists is complete.
    fs::path building = root.string() + ".building";
    std::error_code error;
    fs::remove_all(building, error);
    fs::create_directories(building, error);
    if (error) return make_error("cannot create " + building.string() + ": " + error.message());
    for (const auto& entry : manifest->files) {
        auto blob = cached_blob(entry.hash);
        if (!blob) return blob.error();
        auto content = read_file(*blob);
        if (!content) return content.error();
        if (Status s = write_file(building / entry.path, *content, entry.mode & 0555); !s) {
            return s.error();
        }
    }
    fs::rename(building, root, error);
    if (error) return make_error("cannot create " + root.string() + ": " + error.message());
    return root.string();
}

Result<std::string> MountPreparer::config_file(const FileReference& config) {
    fs::path path = fs::path(state_dir_) / "files" / "configs" /
                    (config.content_hash + "-" + config.uid + "-" + config.gid + "-" +
                     std::to_string(config.mode));
    if (fs::exists(path)) return path.string();
    auto blob = cached_blob(config.content_hash);
    if (!blob) return blob.error();
    auto content = read_file(*blob);
    if (!content) return content.error();
    Status written =
        write_file(path, *content, config.mode, owner_id(config.uid), owner_id(config.gid));
    if (!written) return written.error();
    return path.string();
}

Result<std::string> MountPreparer::secret_file(const FileReference& secret,
                                               const std::string& container_name) {
    auto dir = secret_dir_();
    if (!dir) return dir.error();
    int64_t version = 0;
    auto value = fetch_(kFetchSecret, secret.name, &version);
    if (!value) return value.error();
    fs::path path = fs::path(*dir) / container_name / secret.name;
    Status written =
        write_file(path, *value, secret.mode, owner_id(secret.uid), owner_id(secret.gid));
    if (!written) return written.error();
    return path.string();
}

Result<DesiredContainer> MountPreparer::prepare(const DesiredContainer& container,
                                                const std::string& container_name) {
    DesiredContainer prepared = container;
    for (auto& mount : prepared.volumes) {
        Result<std::string> source = mount.source;
        switch (mount.origin) {
            case Origin::kHostPath:
                continue;
            case Origin::kRelative:
                return make_error("volume " + mount.source +
                                  " is still relative to a compose file; redeploy with edgectl");
            case Origin::kShippedFile:
                source = cached_blob(mount.content_hash);
                mount.read_only = true;
                break;
            case Origin::kShippedDirectory:
                source = cached_tree(mount.content_hash);
                mount.read_only = true;
                break;
            case Origin::kNodeData: {
                if (!is_safe_relative_path(mount.source)) {
                    return make_error("data directory " + mount.source + " leaves the data root");
                }
                source = data_dir(container.stack, mount.source);
                std::error_code error;
                fs::create_directories(*source, error);
                if (error) return make_error("cannot create " + *source + ": " + error.message());
                break;
            }
        }
        if (!source) return make_error("volume " + mount.target + ": " + source.error().message);
        mount.source = *source;
        mount.origin = Origin::kHostPath;
        mount.content_hash.clear();
    }
    for (const auto& config : container.configs) {
        auto path = config_file(config);
        if (!path) return make_error("config " + config.name + ": " + path.error().message);
        prepared.volumes.push_back(VolumeMount{.kind = VolumeMount::Kind::kBind,
                                               .source = *path,
                                               .target = config.target,
                                               .read_only = true,
                                               .origin = Origin::kHostPath});
    }
    for (const auto& secret : container.secrets) {
        auto path = secret_file(secret, container_name);
        if (!path) return make_error("secret " + secret.name + ": " + path.error().message);
        prepared.volumes.push_back(VolumeMount{.kind = VolumeMount::Kind::kBind,
                                               .source = *path,
                                               .target = secret.target,
                                               .read_only = true,
                                               .origin = Origin::kHostPath});
    }
    return prepared;
}

}  // namespace edge
