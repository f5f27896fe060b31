#include "edgectl/commands/ship_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/memory/memsize.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge::ctl {

namespace fs = std::filesystem;

namespace {

using Origin = VolumeMount::Origin;

// Collects distinct blobs and keeps the per-stack budget.
class BlobCollector {
  public:
    explicit BlobCollector(ShippedFiles& out) : out_(out) {}

    std::string add(std::string content) {
        std::string hash = sha256_hex(content);
        if (seen_.insert(hash).second) {
            out_.total_size += static_cast<int64_t>(content.size());
            out_.blobs.push_back({hash, std::move(content)});
        }
        return hash;
    }
    // Bytes this content would add (0 when already collected).
    int64_t cost(const std::string& hash, int64_t size) const {
        return seen_.contains(hash) ? 0 : size;
    }
    int64_t total() const { return out_.total_size; }

  private:
    ShippedFiles& out_;
    std::set<std::string> seen_;
};

Result<std::string> read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path.string());
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return make_error("cannot read " + path.string());
    return content.str();
}

Result<fs::path> resolve(const std::string& source, const ShipOptions& options) {
    if (source.front() == '~') {
        if (options.home.empty()) return make_error("HOME is not set, so \"~\" means nothing");
        std::string rest = source.size() > 2 ? source.substr(2) : "";
        return (fs::path(options.home) / rest).lexically_normal();
    }
    fs::path base = fs::absolute(fs::path(options.compose_file)).parent_path();
    return (base / source).lexically_normal();
}

std::string strip_trailing_slash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

std::string too_large(const std::string& what, int64_t size, int64_t max_size) {
    return what + " holds " + format_memory_size(size) + ", over the " +
           format_memory_size(max_size) +
           " a stack may ship (edgectl deploy --max-shipped-size); use a named volume, or an "
           "absolute path that exists on the node";
}

struct Walked {
    std::vector<std::pair<std::string, fs::path>> files;  // relative path, full path
    int64_t size = 0;
};

Result<Walked> walk_directory(const fs::path& root, std::vector<std::string>& warnings) {
    Walked walked;
    std::error_code error;
    fs::recursive_directory_iterator it(root, error);
    if (error) return make_error("cannot list " + root.string() + ": " + error.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (error) return make_error("cannot list " + root.string() + ": " + error.message());
        fs::file_status status = it->status(error);  // follows symlinks
        if (error) return make_error("cannot stat " + it->path().string());
        if (fs::is_directory(status)) continue;
        std::string relative = it->path().lexically_relative(root).generic_string();
        if (!fs::is_regular_file(status)) {
            warnings.push_back(it->path().string() + " is not a regular file; not shipped");
            continue;
        }
        walked.size += static_cast<int64_t>(it->file_size(error));
        walked.files.emplace_back(relative, it->path());
    }
    return walked;
}

class Shipper {
  public:
    Shipper(const ShipOptions& options, ShippedFiles& out)
        : options_(options), blobs_(out), out_(out) {}

    Status ship(VolumeMount& mount, const std::string& where) {
        auto path = resolve(mount.source, options_);
        if (!path) return make_error(where + ": " + path.error().message);
        std::error_code error;
        fs::file_status status = fs::status(*path, error);
        if (!fs::exists(status)) return node_data(mount, *path, where);
        if (fs::is_regular_file(status)) return ship_file(mount, *path, where);
        if (fs::is_directory(status)) return ship_directory(mount, *path, where);
        return make_error(where + ": " + path->string() +
                          " is neither a file nor a directory; bind it with an absolute path");
    }

  private:
    Status node_data(VolumeMount& mount, const fs::path& path, const std::string& where) {
        fs::path base = fs::absolute(fs::path(options_.compose_file)).parent_path();
        // "./vw-data/" names the directory vw-data.
        std::string relative = strip_trailing_slash(path.lexically_relative(base).generic_string());
        if (relative.empty() || relative == "." || !is_safe_relative_path(relative)) {
            return make_error(where + ": " + mount.source + " (" + path.string() +
                              ") does not exist, and a data directory edgeorch makes on the "
                              "node must lie inside the compose file's directory; create it "
                              "to ship it, or use a named volume");
        }
        mount.origin = Origin::kNodeData;
        mount.source = relative;
        mount.content_hash.clear();
        return ok_status();
    }

    Status ship_file(VolumeMount& mount, const fs::path& path, const std::string& where) {
        auto content = read_whole(path);
        if (!content) return make_error(where + ": " + content.error().message);
        std::string hash = sha256_hex(*content);
        int64_t after = blobs_.total() + blobs_.cost(hash, static_cast<int64_t>(content->size()));
        if (after > options_.max_size) {
            return make_error(where + ": " +
                              too_large(mount.source + " with the stack's other shipped files",
                                        after, options_.max_size));
        }
        blobs_.add(std::move(*content));
        mount.origin = Origin::kShippedFile;
        mount.content_hash = hash;
        mount.read_only = true;
        return ok_status();
    }

    Status ship_directory(VolumeMount& mount, const fs::path& path, const std::string& where) {
        auto walked = walk_directory(path, out_.warnings);
        if (!walked) return make_error(where + ": " + walked.error().message);
        // Checked on sizes before anything is read, so a photo library is refused at once.
        if (blobs_.total() + walked->size > options_.max_size) {
            return make_error(
                where + ": " +
                too_large("directory " + mount.source, walked->size, options_.max_size));
        }
        ShippedManifest manifest;
        for (const auto& [relative, full] : walked->files) {
            auto content = read_whole(full);
            if (!content) return make_error(where + ": " + content.error().message);
            std::error_code error;
            auto perms = fs::status(full, error).permissions();
            ShippedEntry entry;
            entry.path = relative;
            entry.size = static_cast<int64_t>(content->size());
            entry.mode = static_cast<int>(perms & fs::perms::mask) & 0777;
            entry.hash = blobs_.add(std::move(*content));
            manifest.files.push_back(std::move(entry));
        }
        mount.origin = Origin::kShippedDirectory;
        mount.content_hash = blobs_.add(encode_manifest(std::move(manifest)));
        mount.read_only = true;
        return ok_status();
    }

    const ShipOptions& options_;
    BlobCollector blobs_;
    ShippedFiles& out_;
};

}  // namespace

Result<ShippedFiles> ship_relative_binds(StackSpec& stack, const ShipOptions& options) {
    ShippedFiles out;
    Shipper shipper(options, out);
    for (auto& service : stack.services) {
        for (size_t i = 0; i < service.volumes.size(); ++i) {
            VolumeMount& mount = service.volumes[i];
            if (mount.origin != Origin::kRelative) continue;
            std::string where = options.compose_file + ": services." + service.name + ".volumes[" +
                                std::to_string(i) + "] (" + mount.source + ")";
            if (Status shipped = shipper.ship(mount, where); !shipped) return shipped.error();
        }
    }
    return out;
}

}  // namespace edge::ctl
