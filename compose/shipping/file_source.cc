#include "compose/shipping/file_source.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/shipped_manifest.h"

namespace edge {

namespace fs = std::filesystem;

DiskFileSource::DiskFileSource(std::string compose_file, std::string home)
    : directory_(fs::absolute(fs::path(compose_file)).parent_path().lexically_normal().string()),
      home_(std::move(home)) {}

Result<std::string> DiskFileSource::resolve(const std::string& written) const {
    if (!written.empty() && written.front() == '~') {
        if (home_.empty()) return make_error("HOME is not set, so \"~\" means nothing");
        std::string rest = written.size() > 2 ? written.substr(2) : "";
        return (fs::path(home_) / rest).lexically_normal().string();
    }
    return (fs::path(directory_) / written).lexically_normal().string();
}

FileKind DiskFileSource::kind(const std::string& path) const {
    std::error_code error;
    fs::file_status status = fs::status(path, error);  // follows symlinks
    if (!fs::exists(status)) return FileKind::kMissing;
    if (fs::is_regular_file(status)) return FileKind::kFile;
    if (fs::is_directory(status)) return FileKind::kDirectory;
    return FileKind::kOther;
}

Result<std::string> DiskFileSource::read(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path);
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return make_error("cannot read " + path);
    return content.str();
}

Result<Listing> DiskFileSource::list(const std::string& directory) const {
    Listing listing;
    std::error_code error;
    fs::recursive_directory_iterator it(directory, error);
    if (error) return make_error("cannot list " + directory + ": " + error.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (error) return make_error("cannot list " + directory + ": " + error.message());
        fs::file_status status = it->status(error);
        if (error) return make_error("cannot stat " + it->path().string());
        if (fs::is_directory(status)) continue;
        if (!fs::is_regular_file(status)) {
            listing.skipped.push_back(it->path().string());
            continue;
        }
        ListedFile file;
        file.relative = it->path().lexically_relative(directory).generic_string();
        file.path = it->path().string();
        file.size = static_cast<int64_t>(it->file_size(error));
        file.mode = static_cast<int>(status.permissions() & fs::perms::mask) & 0777;
        listing.size += file.size;
        listing.files.push_back(std::move(file));
    }
    return listing;
}

std::string DiskFileSource::inside_compose_directory(const std::string& path) const {
    std::string relative = fs::path(path).lexically_relative(directory_).generic_string();
    while (relative.size() > 1 && relative.back() == '/') relative.pop_back();
    return relative.empty() || relative == "." || !is_safe_relative_path(relative) ? "" : relative;
}

Result<UploadedFiles> UploadedFiles::create(std::map<std::string, std::string> files) {
    UploadedFiles uploaded;
    for (auto& [path, content] : files) {
        std::string normal = fs::path(path).lexically_normal().generic_string();
        if (!is_safe_relative_path(normal) || normal != path) {
            return make_error("files: \"" + path +
                              "\": expected a plain path relative to the compose file, e.g. "
                              "conf/nginx.conf");
        }
        uploaded.files_[normal] = std::move(content);
    }
    return uploaded;
}

Result<std::string> UploadedFiles::resolve(const std::string& written) const {
    if (!written.empty() && written.front() == '~') {
        return make_error("a path under ~ cannot be uploaded; use one beside the compose file");
    }
    std::string normal = fs::path(written).lexically_normal().generic_string();
    while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    return normal;
}

FileKind UploadedFiles::kind(const std::string& path) const {
    if (files_.contains(path)) return FileKind::kFile;
    auto after = files_.lower_bound(path + "/");
    if (after != files_.end() && after->first.rfind(path + "/", 0) == 0) {
        return FileKind::kDirectory;
    }
    return FileKind::kMissing;
}

Result<std::string> UploadedFiles::read(const std::string& path) const {
    auto found = files_.find(path);
    if (found == files_.end()) return make_error(path + " was not uploaded with the compose file");
    return found->second;
}

Result<Listing> UploadedFiles::list(const std::string& directory) const {
    Listing listing;
    const std::string prefix = directory + "/";
    for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
        if (it->first.rfind(prefix, 0) != 0) break;
        ListedFile file;
        file.relative = it->first.substr(prefix.size());
        file.path = it->first;
        file.size = static_cast<int64_t>(it->second.size());
        listing.size += file.size;
        listing.files.push_back(std::move(file));
    }
    return listing;
}

std::string UploadedFiles::inside_compose_directory(const std::string& path) const {
    return path.empty() || path == "." || !is_safe_relative_path(path) ? "" : path;
}

}  // namespace edge
