// FileSource: where the files a compose file names beside it are read from when a stack is
// deployed: its binds' files and directories (ship_files.h), and its secrets' and configs'
// `file:` (ship_secrets.h). edgectl reads the disk beside the compose file (DiskFileSource);
// the HTTP API reads the files uploaded with the compose text (UploadedFiles), so the two ship
// a stack the same way.
// Paths are given as the compose file writes them ("./conf/nginx.conf", "data/", "~/music") and
// resolved here; what `resolve` returns is what the other methods take, and what messages show.
// Thread-safety: const methods only; DiskFileSource reads the file system.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace edge {

enum class FileKind { kMissing, kFile, kDirectory, kOther };

struct ListedFile {
    std::string relative;  // to the listed directory, '/'-separated
    std::string path;      // as `read` takes it
    int64_t size = 0;
    int mode = 0644;
};

struct Listing {
    std::vector<ListedFile> files;     // regular files, at any depth
    std::vector<std::string> skipped;  // neither file nor directory: not shipped (a warning each)
    int64_t size = 0;
};

class FileSource {
  public:
    virtual ~FileSource() = default;
    virtual Result<std::string> resolve(const std::string& written) const = 0;
    virtual FileKind kind(const std::string& path) const = 0;
    virtual Result<std::string> read(const std::string& path) const = 0;
    virtual Result<Listing> list(const std::string& directory) const = 0;
    // `path` relative to the compose file's directory, '/'-separated; "" when it lies outside.
    virtual std::string inside_compose_directory(const std::string& path) const = 0;
};

// The disk beside `compose_file`; `~` stands for `home` (empty: `~` paths are refused).
class DiskFileSource : public FileSource {
  public:
    DiskFileSource(std::string compose_file, std::string home);
    Result<std::string> resolve(const std::string& written) const override;
    FileKind kind(const std::string& path) const override;
    Result<std::string> read(const std::string& path) const override;
    Result<Listing> list(const std::string& directory) const override;
    std::string inside_compose_directory(const std::string& path) const override;

  private:
    std::string directory_;  // absolute
    std::string home_;
};

// Files sent with a compose file, by their path relative to it ("conf/nginx.conf"); a directory
// is every file under its path. `~` paths and paths out of the compose file's directory name
// nothing here.
class UploadedFiles : public FileSource {
  public:
    // Fails for a path that is not a plain relative one.
    static Result<UploadedFiles> create(std::map<std::string, std::string> files);
    Result<std::string> resolve(const std::string& written) const override;
    FileKind kind(const std::string& path) const override;
    Result<std::string> read(const std::string& path) const override;
    Result<Listing> list(const std::string& directory) const override;
    std::string inside_compose_directory(const std::string& path) const override;

  private:
    std::map<std::string, std::string> files_;
};

}  // namespace edge
