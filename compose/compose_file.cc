// Reading a Compose file from disk, bounded by kMaxComposeFileSize.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "compose/compose_parser.h"

namespace edge {

namespace {

Error cannot_read(const std::string& path, int error_number) {
    return make_error(path + ": cannot read: " + std::strerror(error_number));
}

Result<std::string> read_bounded(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return cannot_read(path, errno);
    struct stat info {};
    if (::fstat(::fileno(file.get()), &info) != 0) return cannot_read(path, errno);
    if (S_ISDIR(info.st_mode)) return cannot_read(path, EISDIR);

    // Read one byte past the limit so an oversized file is recognised without reading it all,
    // even when its size is unknown beforehand (a pipe or /dev/stdin).
    std::string text;
    char buffer[64 * 1024];
    while (text.size() <= kMaxComposeFileSize) {
        size_t count = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, count);
        if (count < sizeof buffer) break;
    }
    if (std::ferror(file.get())) return cannot_read(path, errno != 0 ? errno : EIO);
    return text;
}

}  // namespace

Result<ParsedStack> parse_compose_file(const std::string& path, const std::string& stack_name) {
    auto text = read_bounded(path);
    if (!text) return text.error();
    return parse_compose_text(*text, path, stack_name);
}

}  // namespace edge
