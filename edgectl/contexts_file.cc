#include "edgectl/contexts_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "security/private_file.h"

namespace edge::ctl {

std::optional<std::string> process_env(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

Result<std::string> context_book_path(const EnvLookup& env) {
    std::filesystem::path base;
    if (auto xdg = env("XDG_CONFIG_HOME")) {
        base = *xdg;
    } else if (auto home = env("HOME")) {
        base = std::filesystem::path(*home) / ".config";
    } else {
        return make_error("neither XDG_CONFIG_HOME nor HOME is set; cannot find contexts.json");
    }
    return (base / "edgeorch" / "contexts.json").string();
}

Result<ContextBook> load_context_book(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return ContextBook{};
        return make_error("cannot read " + path + ": " + std::strerror(errno));
    }
    if ((info.st_mode & 077) != 0) {
        return make_error(path + " is readable by others and holds passwords; chmod 600 it");
    }
    std::ifstream in(path);
    if (!in) return make_error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_context_book(text.str(), path);
}

Status save_context_book(const std::string& path, const ContextBook& book) {
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!std::filesystem::exists(dir, error)) {
        std::filesystem::create_directories(dir, error);
        if (error) return make_error("cannot create " + dir.string() + ": " + error.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, error);
    }
    return write_private_file(path, serialize_context_book(book));
}

}  // namespace edge::ctl
