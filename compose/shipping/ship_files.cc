#include "compose/shipping/ship_files.h"

#include <set>

#include "core/memory/memsize.h"
#include "schema/shipped_manifest.h"
#include "security/content_hash.h"

namespace edge {

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

std::string too_large(const std::string& what, int64_t size, int64_t max_size) {
    return what + " holds " + format_memory_size(size) + ", over the " +
           format_memory_size(max_size) +
           " a stack may ship (edgectl deploy --max-shipped-size); use a named volume, or an "
           "absolute path that exists on the node";
}

class Shipper {
  public:
    Shipper(const ShipOptions& options, const FileSource& source, ShippedFiles& out)
        : options_(options), source_(source), blobs_(out), out_(out) {}

    Status ship(VolumeMount& mount, const std::string& where) {
        auto path = source_.resolve(mount.source);
        if (!path) return make_error(where + ": " + path.error().message);
        switch (source_.kind(*path)) {
            case FileKind::kMissing:
                return node_data(mount, *path, where);
            case FileKind::kFile:
                return ship_file(mount, *path, where);
            case FileKind::kDirectory:
                return ship_directory(mount, *path, where);
            case FileKind::kOther:
                break;
        }
        return make_error(where + ": " + *path +
                          " is neither a file nor a directory; bind it with an absolute path");
    }

  private:
    Status node_data(VolumeMount& mount, const std::string& path, const std::string& where) {
        // "./vw-data/" names the directory vw-data.
        std::string relative = source_.inside_compose_directory(path);
        if (relative.empty()) {
            return make_error(where + ": " + mount.source + " (" + path +
                              ") does not exist, and a data directory edgeorch makes on the "
                              "node must lie inside the compose file's directory; create it "
                              "to ship it, or use a named volume");
        }
        mount.origin = Origin::kNodeData;
        mount.source = relative;
        mount.content_hash.clear();
        return ok_status();
    }

    Status ship_file(VolumeMount& mount, const std::string& path, const std::string& where) {
        auto content = source_.read(path);
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

    Status ship_directory(VolumeMount& mount, const std::string& path, const std::string& where) {
        auto listing = source_.list(path);
        if (!listing) return make_error(where + ": " + listing.error().message);
        for (const auto& skipped : listing->skipped) {
            out_.warnings.push_back(skipped + " is not a regular file; not shipped");
        }
        // Checked on sizes before anything is read, so a photo library is refused at once.
        if (blobs_.total() + listing->size > options_.max_size) {
            return make_error(
                where + ": " +
                too_large("directory " + mount.source, listing->size, options_.max_size));
        }
        ShippedManifest manifest;
        for (const auto& file : listing->files) {
            auto content = source_.read(file.path);
            if (!content) return make_error(where + ": " + content.error().message);
            ShippedEntry entry;
            entry.path = file.relative;
            entry.size = static_cast<int64_t>(content->size());
            entry.mode = file.mode;
            entry.hash = blobs_.add(std::move(*content));
            manifest.files.push_back(std::move(entry));
        }
        mount.origin = Origin::kShippedDirectory;
        mount.content_hash = blobs_.add(encode_manifest(std::move(manifest)));
        mount.read_only = true;
        return ok_status();
    }

    const ShipOptions& options_;
    const FileSource& source_;
    BlobCollector blobs_;
    ShippedFiles& out_;
};

}  // namespace

Result<ShippedFiles> ship_relative_binds(StackSpec& stack, const ShipOptions& options) {
    ShippedFiles out;
    DiskFileSource disk(options.compose_file, options.home);
    Shipper shipper(options, options.source != nullptr ? *options.source : disk, out);
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

}  // namespace edge
