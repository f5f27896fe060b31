#include "agent/state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/messages.h"

namespace edge {

namespace {

std::string errno_text() {
    return std::strerror(errno);
}

// Writes all of `data` to `fd`, retrying short writes and interrupted calls.
bool write_all(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

Status fsync_path(const std::string& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return make_error("cannot open " + path + ": " + errno_text());
    int rc = ::fsync(fd);
    std::string error = rc != 0 ? errno_text() : std::string();
    ::close(fd);
    if (rc != 0) return make_error("cannot fsync " + path + ": " + error);
    return ok_status();
}

}  // namespace

Result<std::unique_ptr<FileStateStore>> FileStateStore::open(const std::string& dir) {
    if (dir.empty()) return make_error("state directory is empty");
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return make_error("cannot create state directory " + dir + ": " + error.message());
    if (!std::filesystem::is_directory(dir, error)) {
        return make_error("state directory " + dir + " is not a directory");
    }
    return std::unique_ptr<FileStateStore>(new FileStateStore(dir));
}

Result<std::optional<DesiredSet>> FileStateStore::load() {
    std::ifstream in(path(), std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(path())) return std::optional<DesiredSet>();
        return make_error("cannot read " + path());
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto set = decode_desired(text.str());
    if (!set.ok()) return make_error(path() + " is corrupt: " + set.error().message);
    last_written_ = text.str();
    return std::optional<DesiredSet>(std::move(set).value());
}

Status FileStateStore::save(const DesiredSet& set) {
    std::string content = encode_desired(set);
    if (last_written_ == content) return ok_status();

    std::string temporary = path() + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return make_error("cannot create " + temporary + ": " + errno_text());
    bool written = write_all(fd, content);
    std::string write_error = written ? std::string() : errno_text();
    bool synced = written && ::fsync(fd) == 0;
    std::string sync_error = written && !synced ? errno_text() : std::string();
    ::close(fd);
    if (!written || !synced) {
        ::unlink(temporary.c_str());
        return make_error("cannot write " + temporary + ": " +
                          (written ? sync_error : write_error));
    }
    if (::rename(temporary.c_str(), path().c_str()) != 0) {
        std::string error = errno_text();
        ::unlink(temporary.c_str());
        return make_error("cannot rename " + temporary + " to " + path() + ": " + error);
    }
    // The rename is durable only once the directory entry itself is on disk.
    Status dir_synced = fsync_path(dir_, O_RDONLY | O_DIRECTORY);
    if (!dir_synced.ok()) return dir_synced;
    last_written_ = std::move(content);
    ++writes_;
    return ok_status();
}

}  // namespace edge
