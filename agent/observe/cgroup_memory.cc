#include "agent/observe/cgroup_memory.h"

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

// Where one cgroup version keeps a container's memory figures.
struct Layout {
    const char* hierarchy;  // under the cgroup root
    const char* usage;
    const char* peak;  // absent on older kernels: the usage stands in
    const char* oom_counter;
};

constexpr Layout kLayouts[] = {
    // v2: one unified hierarchy; memory.peak exists from Linux 5.19.
    {"", "memory.current", "memory.peak", "memory.events"},
    // v1: the memory controller's own hierarchy.
    {"memory/", "memory.usage_in_bytes", "memory.max_usage_in_bytes", "memory.oom_control"},
};

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
        for (const Layout& layout : kLayouts) {
            std::string dir = root_ + "/" + layout.hierarchy + relative + "/";
            auto usage = read_number(dir + layout.usage);
            if (!usage) continue;
            CgroupMemoryFigures figures;
            figures.peak = read_number(dir + layout.peak).value_or(*usage);
            figures.oom_kills =
                parse_oom_kill_count(read_text_file(dir + layout.oom_counter).value_or(""));
            return figures;
        }
    }
    return std::nullopt;
}

}  // namespace edge
