#include "agent/observe/facts.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "agent/network/route_table.h"
#include "agent/text_file.h"

namespace edge {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string text) {
    // The device tree's model is NUL-terminated; sysfs values end in a newline.
    while (!text.empty() && (text.back() == '\0' || text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// The whole-disk name for the device holding `dir`, e.g. "mmcblk0" for a file on mmcblk0p2.
std::optional<std::string> disk_of_directory(const std::string& sys_root, const std::string& dir) {
    struct stat info {};
    if (dir.empty() || ::stat(dir.c_str(), &info) != 0) return std::nullopt;
    unsigned major_number = major(info.st_dev);
    if (major_number == 0) return std::nullopt;  // overlay, tmpfs, nfs: no block device
    fs::path link = fs::path(sys_root) / "dev" / "block" /
                    (std::to_string(major_number) + ":" + std::to_string(minor(info.st_dev)));
    std::error_code error;
    fs::path device = fs::canonical(link, error);
    if (error) return std::nullopt;
    // A partition's sysfs directory sits inside its disk's directory.
    if (fs::exists(device / "partition")) device = device.parent_path();
    // Device-mapper and md devices (LVM, RAID, dm-crypt) sit on top of real disks: look at the
    // first one underneath.
    fs::path slaves = device / "slaves";
    if (fs::is_directory(slaves, error)) {
        for (const auto& entry : fs::directory_iterator(slaves, error)) {
            fs::path lower = fs::canonical(entry.path(), error);
            if (error) break;
            if (fs::exists(lower / "partition")) lower = lower.parent_path();
            return lower.filename().string();
        }
    }
    return device.filename().string();
}

}  // namespace

std::string docker_arch(const std::string& machine) {
    if (machine == "x86_64" || machine == "amd64") return "amd64";
    if (machine == "aarch64" || machine == "arm64" || machine == "armv8b" || machine == "armv8l") {
        return "arm64";
    }
    if (machine.rfind("armv", 0) == 0 || machine == "arm") return "arm";
    if (machine == "i386" || machine == "i686") return "386";
    if (machine == "riscv64") return "riscv64";
    if (machine == "ppc64le") return "ppc64le";
    if (machine == "s390x") return "s390x";
    return machine;
}

std::optional<int64_t> meminfo_value(const std::string& meminfo, const std::string& key) {
    std::istringstream lines(meminfo);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(key + ":", 0) != 0) continue;
        std::istringstream fields(line.substr(key.size() + 1));
        int64_t value = 0;
        std::string unit;
        if (!(fields >> value)) return std::nullopt;
        fields >> unit;
        return unit == "kB" ? value * 1024 : value;
    }
    return std::nullopt;
}

int64_t memory_used(const std::string& proc_root) {
    auto meminfo = read_text_file(fs::path(proc_root) / "meminfo");
    if (!meminfo) return 0;
    auto total = meminfo_value(*meminfo, "MemTotal");
    auto available = meminfo_value(*meminfo, "MemAvailable");
    if (!total || !available) return 0;
    return *total - *available;
}

StorageKind storage_kind_of_disk(const std::string& sys_root, const std::string& device_name) {
    fs::path disk = fs::path(sys_root) / "block" / device_name;
    if (device_name.rfind("mmcblk", 0) == 0) {
        // The MMC core names the card type: "SD" for a removable card, "MMC" for soldered eMMC.
        auto type = read_text_file(disk / "device" / "type");
        if (type && trim(*type) == "MMC") return StorageKind::kEmmc;
        return StorageKind::kSd;
    }
    auto rotational = read_text_file(disk / "queue" / "rotational");
    if (!rotational) return StorageKind::kUnknown;
    return trim(*rotational) == "1" ? StorageKind::kHdd : StorageKind::kSsd;
}

NodeFacts detect_facts(const FactsSources& sources) {
    NodeFacts facts;
    if (auto meminfo = read_text_file(fs::path(sources.proc_root) / "meminfo")) {
        facts.memory_total = meminfo_value(*meminfo, "MemTotal").value_or(0);
    }
    struct utsname names {};
    if (::uname(&names) == 0) facts.arch = docker_arch(names.machine);
    facts.cpus = static_cast<int>(std::thread::hardware_concurrency());
    if (auto disk = disk_of_directory(sources.sys_root, sources.data_dir)) {
        facts.storage = storage_kind_of_disk(sources.sys_root, *disk);
    }
    if (auto model = read_text_file(fs::path(sources.proc_root) / "device-tree" / "model")) {
        facts.model = trim(*model);
    } else if (auto product = read_text_file(fs::path(sources.sys_root) / "class" / "dmi" / "id" /
                                             "product_name")) {
        // x86 boards (NUCs) have no device tree; DMI names the product instead.
        facts.model = trim(*product);
    }
    facts.networks_in_use = networks_in_use(sources.proc_root);
    return facts;
}

NodeFacts apply_overrides(NodeFacts facts, const FactsOverrides& overrides) {
    if (overrides.memory_total) facts.memory_total = *overrides.memory_total;
    if (overrides.arch) facts.arch = *overrides.arch;
    if (overrides.cpus) facts.cpus = *overrides.cpus;
    if (overrides.storage) facts.storage = *overrides.storage;
    if (overrides.model) facts.model = *overrides.model;
    return facts;
}

}  // namespace edge
