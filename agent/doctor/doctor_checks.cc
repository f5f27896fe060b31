#include "agent/doctor/doctor_checks.h"

#include <sstream>

#include "agent/engine/docker_api.h"
#include "core/memory/memsize.h"

namespace edge {

namespace {

bool has_word(const std::string& text, const std::string& word) {
    std::istringstream words(text);
    std::string each;
    while (words >> each) {
        if (each == word) return true;
    }
    return false;
}

// /proc/cgroups: "#subsys_name hierarchy num_cgroups enabled", one controller a line.
bool v1_memory_enabled(const std::string& proc_cgroups) {
    std::istringstream lines(proc_cgroups);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string name;
        int hierarchy = 0;
        int count = 0;
        int enabled = 0;
        if (fields >> name >> hierarchy >> count >> enabled && name == "memory")
            return enabled == 1;
    }
    return false;
}

CheckResult ok(std::string name, std::string finding) {
    return {std::move(name), Verdict::kOk, std::move(finding), {}};
}

CheckResult fail(std::string name, std::string finding, std::string fix) {
    return {std::move(name), Verdict::kFail, std::move(finding), std::move(fix)};
}

CheckResult warn(std::string name, std::string finding, std::string fix) {
    return {std::move(name), Verdict::kWarn, std::move(finding), std::move(fix)};
}

constexpr int64_t kGiB = int64_t{1} << 30;

}  // namespace

CheckResult check_memory_cgroup(const CgroupFacts& facts) {
    const std::string name = "memory cgroup";
    if (facts.v2_controllers) {
        if (has_word(*facts.v2_controllers, "memory"))
            return ok(name, "cgroup v2 with the memory controller");
    } else if (v1_memory_enabled(facts.proc_cgroups)) {
        return ok(name, "cgroup v1 with the memory controller");
    }
    std::string finding = std::string(facts.v2_controllers ? "cgroup v2" : "cgroup v1") +
                          " without the memory controller: containers cannot get a memory limit";
    if (has_word(facts.cmdline, "cgroup_disable=memory"))
        finding += " (the kernel was booted with cgroup_disable=memory)";
    std::string fix;
    if (facts.model.find("Raspberry Pi") != std::string::npos) {
        fix = "add `cgroup_enable=memory cgroup_memory=1` to the end of the single line in " +
              facts.boot_cmdline_file +
              " (sudo sed -i '1 s/$/ cgroup_enable=memory cgroup_memory=1/' " +
              facts.boot_cmdline_file + "), then reboot";
    } else {
        fix =
            "boot the kernel with `cgroup_enable=memory` (and without cgroup_disable=memory): "
            "add it to GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub, then reboot";
    }
    return fail(name, finding, fix);
}

CheckResult check_engine(const EngineFacts& facts) {
    const std::string name = "container engine";
    if (!facts.transport_error.empty()) {
        std::string fix =
            "start the engine: sudo systemctl enable --now docker "
            "(or podman.socket), and check --docker names its socket";
        if (facts.transport_error.find("ermission") != std::string::npos)
            fix = "let the agent's user reach the socket: sudo adduser edge-agent docker";
        return fail(name, "no answer on " + facts.endpoint + ": " + facts.transport_error, fix);
    }
    if (facts.version_status != 200) {
        return fail(name,
                    facts.endpoint + " answered GET /version with HTTP " +
                        std::to_string(facts.version_status),
                    "point --docker at a Docker Engine API socket (dockerd or Podman's)");
    }
    auto version = parse_version(facts.version_body);
    if (!version.ok()) {
        return fail(name, version.error().message,
                    "upgrade the engine to one that speaks API " + std::string(kOldestApiVersion) +
                        " or later (Debian 12: apt install docker.io)");
    }
    std::string finding = "engine " + version->version + " speaks API " + version->api_version +
                          " on " + facts.endpoint;
    if (facts.memory_limit && !*facts.memory_limit) {
        return fail(name, finding + ", but reports no memory limit support",
                    "enable the memory cgroup (see above), then sudo systemctl restart docker");
    }
    return ok(name, finding);
}

CheckResult check_broker(const BrokerFacts& facts) {
    const std::string name = "broker";
    if (facts.connected) {
        return ok(name, "connected to " + facts.url +
                            (facts.credentials_given ? " and the credentials were accepted"
                                                     : " without credentials"));
    }
    // MQTT v5 CONNACK 134 "bad user name or password", 135 "not authorized".
    if (facts.reason_code == 134 || facts.reason_code == 135) {
        std::string fix = facts.credentials_given
                              ? "check --username and --password against the broker's password "
                                "file on the hub, or join again with a new token"
                              : "the broker wants credentials: join the node (edge-agent join) or "
                                "set --username and --password";
        return fail(name, facts.url + " refused the connection: " + facts.error, fix);
    }
    return fail(
        name, "cannot connect to " + facts.url + ": " + facts.error,
        "check that mosquitto runs on the hub (systemctl status mosquitto), that the "
        "name resolves from this node, and that the port (1883 unless the URL names another) "
        "is open");
}

CheckResult check_clock(const ClockFacts& facts) {
    const std::string name = "clock";
    if (facts.now_unix_seconds < kEarliestPlausibleTime) {
        return fail(name,
                    "the clock is in the past (" + std::to_string(facts.now_unix_seconds) +
                        " s after 1970): a board without a real-time clock that has not reached "
                        "a time server yet",
                    "sudo timedatectl set-ntp true, let it reach a time server (timedatectl "
                    "timesync-status), and run doctor again");
    }
    if (!facts.synchronized) {
        return warn(name, "the clock is plausible but not synchronized to a time server",
                    "sudo timedatectl set-ntp true");
    }
    return ok(name, "synchronized to a time server");
}

CheckResult check_certificate(const CertificateFacts& facts) {
    const std::string name = "certificate";
    const std::string rejoin =
        "on the hub: edgectl node add NODE; here: run the edge-agent join command it prints";
    if (!facts.tls) {
        return warn(name,
                    "the broker URL is not mqtts://: nothing on the LAN protects this traffic",
                    "join again and set broker = \"mqtts://HUB:8883\" in the agent's config");
    }
    if (facts.path.empty()) return fail(name, "no node certificate in the state directory", rejoin);
    if (!facts.error.empty()) return fail(name, facts.path + ": " + facts.error, rejoin);
    int64_t left = facts.not_after - facts.now_unix_seconds;
    if (left <= 0) {
        return fail(name, facts.path + " has expired: the broker refuses it", rejoin);
    }
    std::string days = std::to_string(left / 86400) + " days";
    if (left < kCertificateWarnSeconds) {
        return warn(name, facts.path + " expires in " + days, rejoin + ", before it expires");
    }
    return ok(name, facts.path + " is valid for " + days);
}

CheckResult check_storage(const StorageFacts& facts) {
    const std::string name = "storage";
    std::string finding = std::string(to_string(facts.kind)) + " disk at " + facts.path + ", " +
                          format_memory_size(facts.free_bytes) + " free of " +
                          format_memory_size(facts.total_bytes);
    if (facts.total_bytes <= 0)
        return fail(name, "cannot read the disk at " + facts.path, "create " + facts.path);
    if (facts.free_bytes < kGiB) {
        return fail(name, finding,
                    "free space on that disk: sudo docker system prune, or remove old files");
    }
    if (facts.free_bytes < 4 * kGiB) {
        return warn(name, finding, "images need room: free at least 4 GiB");
    }
    if (facts.kind == StorageKind::kSd || facts.kind == StorageKind::kEmmc) {
        return ok(name, finding + "; databases will not be placed on this node");
    }
    if (facts.kind == StorageKind::kUnknown) {
        return warn(name, finding,
                    "the hub treats an unknown disk like an SD card; if it is an SSD, pass "
                    "--storage ssd");
    }
    return ok(name, finding);
}

CheckResult check_memory(const MemoryFacts& facts) {
    const std::string name = "memory";
    std::string finding = format_memory_size(facts.available_bytes) + " available of " +
                          format_memory_size(facts.total_bytes) + "; the desired set (" +
                          std::to_string(facts.desired_containers) + " containers) needs " +
                          format_memory_size(facts.desired_bytes);
    if (facts.total_bytes <= 0)
        return fail(name, "cannot read /proc/meminfo", "run doctor on the node itself");
    if (facts.desired_bytes > facts.total_bytes) {
        return fail(name, finding,
                    "the desired set cannot fit in this node's RAM: lower the services' limits "
                    "or let the hub move them (edgectl node drain)");
    }
    // Containers already running hold their share of what is used; the rest must still fit.
    int64_t still_needed = facts.desired_bytes - facts.running_desired_bytes;
    if (still_needed > facts.available_bytes) {
        return warn(name,
                    finding + ", " + format_memory_size(still_needed) + " of it not yet running",
                    "stop what else runs on this node, or lower the services' limits");
    }
    return ok(name, finding);
}

MemoryFacts add_desired_memory(MemoryFacts facts, const DesiredSet& desired,
                               const std::vector<ObservedContainer>& observed) {
    for (const auto& container : desired.containers) {
        facts.desired_bytes += container.memory_limit;
        ++facts.desired_containers;
        for (const auto& running : observed) {
            if (running.state == "running" && running.stack == container.stack &&
                running.service == container.service && running.replica == container.replica) {
                facts.running_desired_bytes += container.memory_limit;
                break;
            }
        }
    }
    return facts;
}

int doctor_exit_code(const std::vector<CheckResult>& results) {
    for (const auto& result : results) {
        if (result.verdict == Verdict::kFail) return 1;
    }
    return 0;
}

std::string format_doctor_report(const std::vector<CheckResult>& results) {
    std::string report;
    for (const auto& result : results) {
        const char* mark = result.verdict == Verdict::kOk     ? "ok  "
                           : result.verdict == Verdict::kWarn ? "WARN"
                                                              : "FAIL";
        report += std::string(mark) + "  " + result.name + ": " + result.finding + "\n";
        if (!result.fix.empty()) report += "      fix: " + result.fix + "\n";
    }
    report += doctor_exit_code(results) == 0 ? "ready: this node can run work\n"
                                             : "not ready: fix what FAILs above\n";
    return report;
}

}  // namespace edge
