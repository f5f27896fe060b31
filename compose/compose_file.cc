// The parser's I/O edge: reading a Compose file from disk, bounded by kMaxComposeFileSize,
// the files it names (env_file:) relative to its directory, and the variables it is
// interpolated with (the environment, `.env` beside it, --env-file).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "compose/compose_parser.h"
#include "compose/interpolation/dotenv.h"

extern char** environ;

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

std::filesystem::path directory_of(const std::string& compose_path) {
    std::filesystem::path directory = std::filesystem::path(compose_path).parent_path();
    return directory.empty() ? std::filesystem::path(".") : directory;
}

// Reads one dotenv file into `variables` without replacing a name already there.
Status add_dotenv(const std::string& path, compose::Variables& variables,
                  std::vector<std::string>& warnings) {
    auto text = read_bounded(path);
    if (!text) return text.error();
    auto values = compose::parse_dotenv(*text, path, variables, warnings);
    if (!values) return values.error();
    for (auto& [name, value] : *values) variables.emplace(name, value);
    return ok_status();
}

}  // namespace

Result<ParsedStack> parse_compose_file(const std::string& path, const std::string& stack_name,
                                       compose::ComposeInputs inputs) {
    auto text = read_bounded(path);
    if (!text) return text.error();
    if (!inputs.read_file) {
        std::filesystem::path directory = directory_of(path);
        inputs.read_file = [directory](const std::string& name) -> Result<std::string> {
            std::filesystem::path file(name);
            return read_bounded(file.is_absolute() ? name : (directory / file).string());
        };
    }
    return parse_compose_text(*text, path, stack_name, inputs);
}

Result<compose::Variables> gather_variables(const std::string& compose_path,
                                            const std::vector<std::string>& env_files,
                                            const compose::Variables& environment,
                                            std::vector<std::string>& warnings) {
    compose::Variables variables = environment;
    std::string dotenv = (directory_of(compose_path) / ".env").string();
    if (::access(dotenv.c_str(), F_OK) == 0) {
        if (Status added = add_dotenv(dotenv, variables, warnings); !added) return added.error();
    }
    for (auto file = env_files.rbegin(); file != env_files.rend(); ++file) {
        if (Status added = add_dotenv(*file, variables, warnings); !added) return added.error();
    }
    return variables;
}

compose::Variables process_environment() {
    compose::Variables variables;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string text(*entry);
        size_t equals = text.find('=');
        if (equals == std::string::npos || equals == 0) continue;
        variables.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
    return variables;
}

}  // namespace edge
