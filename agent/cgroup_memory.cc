#include "agent/cgroup_memory.h"

#include <charconv>
#include <sstream>
#include <vector>

#include "agent/text_file.h"

namespace edge {

namespace {

std::optional<int64_t> read_number(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) return std::nullopt;
    int64_t value = 0;
    const char* begin = text->data();
    auto [end, error] = std::from_chars(begin, begin + text->size(), value);
    if (error != std::errc() || end == begin) return std::nullopt;
    return value;
}

// The cgroup directories (relative to a hierarchy root) a container may have.
std::vector<std::string> candidates(const std::string& id) {
    return {"system.slice/docker-" + id + ".scope", "docker/" + id,
            "machine.slice/libpod-" + id + ".scope", "libpod_parent/libpod-" + id};
}

}  // namespace

int64_t parse_oom_kill_count(const std::string& text) {
    std::istringstream lines(text);
    std::string key;
    int64_t value = 0;
    while (lines >> key >> value) {
        if (key == "oom_kill") return value;
    }
    return 0;
}

std::optional<CgroupMemoryFigures> CgroupMemory::read(const std::string& container_id) const {
    if (container_id.empty() || container_id.find('/') != std::string::npos) return std::nullopt;
    for (const auto& relative : candidates(container_id)) {
        // cgroup v2: one unified hierarchy.
        std::string v2 = root_ + "/" + relative;
        if (auto current = read_number(v2 + "/memory.current")) {
            CgroupMemoryFigures figures;
            // memory.peak exists from Linux 5.19; before, the current usage is the best known.
            figures.peak = read_number(v2 + "/memory.peak").value_or(*current);
            figures.oom_kills =
                parse_oom_kill_count(read_text_file(v2 + "/memory.events").value_or(""));
            return figures;
        }
        // cgroup v1: the memory controller's own hierarchy.
        std::string v1 = root_ + "/memory/" + relative;
        if (auto usage = read_number(v1 + "/memory.usage_in_bytes")) {
            CgroupMemoryFigures figures;
            figures.peak = read_number(v1 + "/memory.max_usage_in_bytes").value_or(*usage);
            figures.oom_kills =
                parse_oom_kill_count(read_text_file(v1 + "/memory.oom_control").value_or(""));
            return figures;
        }
    }
    return std::nullopt;
}

}  // namespace edge
