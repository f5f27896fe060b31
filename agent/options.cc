#include "agent/options.h"

#include <CLI/CLI.hpp>

#include <charconv>

#include "agent/observe/advertise_address.h"
#include "agent/policy/policy_file.h"
#include "core/memory/memsize.h"
#include "core/names.h"

namespace edge {

Result<std::chrono::milliseconds> parse_duration(const std::string& text) {
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data()) {
        return make_error("duration \"" + text + "\" does not start with a number");
    }
    std::string unit(end, text.data() + text.size());
    int64_t factor = 0;
    if (unit == "ms") factor = 1;
    if (unit.empty() || unit == "s") factor = 1000;
    if (unit == "m") factor = 60 * 1000;
    if (unit == "h") factor = 60 * 60 * 1000;
    if (factor == 0)
        return make_error("duration \"" + text + "\" has unknown unit \"" + unit + "\"");
    if (value <= 0) return make_error("duration \"" + text + "\" must be positive");
    if (value > (int64_t{1} << 40) / factor)
        return make_error("duration \"" + text + "\" is too long");
    return std::chrono::milliseconds(value * factor);
}

ParsedCommandLine parse_agent_command_line(int argc, const char* const* argv) {
    ParsedCommandLine parsed;
    AgentOptions& options = parsed.options;
    CLI::App app{"edge-agent: runs this node's containers as the edgeorch hub desires"};
    std::string memory;
    std::string arch;
    std::string storage;
    std::string model;
    int cpus = 0;
    std::string report_interval = "2s";
    std::string heartbeat_interval = "1s";
    std::string fence_after = "3s";
    std::string fence_wait = "10s";

    // The systemd unit passes --config /etc/edgeorch/agent.conf: the same flags, one per line.
    app.set_config("--config", "", "read flags from this file (key = \"value\" lines)");
    app.add_option("--broker", options.broker_url, "MQTT broker, mqtt://host:port")->required();
    app.add_option("--node", options.node, "this node's name")->required();
    app.add_option("--docker", options.engine_endpoint, "engine socket, unix:///path/docker.sock")
        ->required();
    app.add_option("--state-dir", options.state_dir, "directory for the last desired set")
        ->required();
    app.add_option("--memory", memory, "override detected total memory, e.g. 2GiB");
    app.add_option("--arch", arch, "override detected architecture (amd64, arm64, arm)");
    app.add_option("--storage", storage, "override detected storage kind")
        ->check(CLI::IsMember({"sd", "ssd", "emmc", "hdd"}));
    app.add_option("--model", model, "override detected board model");
    app.add_option("--cpus", cpus, "override detected CPU count")->check(CLI::Range(1, 4096));
    app.add_option("--prefix", options.topic_prefix, "MQTT topic prefix");
    app.add_option("--report-interval", report_interval, "report and reconcile period, e.g. 2s");
    app.add_option("--heartbeat-interval", heartbeat_interval,
                   "longest time between two reports, even during a slow reconcile, e.g. 1s");
    app.add_option("--fence-after", fence_after,
                   "out of touch with the broker this long, hold starts until it confirms the "
                   "desired set; match the hub's heartbeat timeout (default 3s)");
    app.add_option("--fence-wait", fence_wait,
                   "at start, run the stored desired set after this long without the broker "
                   "(default 10s)");
    app.add_option("--concurrency", options.concurrency,
                   "creates, starts and removals of one pass run at once (default 4)")
        ->check(CLI::Range(1, 64));
    app.add_option("--username", options.username, "MQTT user name");
    app.add_option("--password", options.password, "MQTT password");
    app.add_option("--advertise-addr", options.advertise_addr,
                   "address other nodes reach this node's services at (default: detected)");
    app.add_option("--dev-root", options.dev_root,
                   "directory the device scan treats as / (for tests; default /)");
    app.add_option("--device", options.declared_devices,
                   "a device path this node has that the scan does not find (repeatable)");
    CLI::Option* policy =
        app.add_option("--policy", options.policy_file,
                       "node policy file (default /etc/edgeorch/agent-policy.conf if present)");
    app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        parsed.exit_code = error.get_exit_code();
        parsed.message = error.get_exit_code() == 0 ? app.help() : std::string(error.what());
        if (parsed.exit_code != 0) parsed.exit_code = 2;
        return parsed;
    }

    options.policy_file_given = policy->count() > 0;
    if (!options.policy_file_given) options.policy_file = kDefaultPolicyFile;
    auto fail = [&](const std::string& message) {
        parsed.exit_code = 2;
        parsed.message = message;
        return parsed;
    };
    Status name = validate_name("node", options.node);
    if (!name.ok()) return fail(name.error().message);
    if (options.topic_prefix.empty() ||
        options.topic_prefix.find_first_of("+#") != std::string::npos) {
        return fail("--prefix must be non-empty and contain no MQTT wildcards");
    }
    if (!memory.empty()) {
        auto bytes = parse_memory_size(memory);
        if (!bytes.ok()) return fail("--memory: " + bytes.error().message);
        options.facts.memory_total = *bytes;
    }
    if (!options.advertise_addr.empty()) {
        Status address = validate_advertise_address(options.advertise_addr);
        if (!address.ok()) return fail(address.error().message);
    }
    for (const auto& device : options.declared_devices) {
        if (!device.starts_with("/dev/") || device.find("/../") != std::string::npos ||
            device.size() > 256) {
            return fail("--device: expected a path under /dev/, got \"" + device + "\"");
        }
    }
    if (!arch.empty()) options.facts.arch = arch;
    if (!storage.empty()) options.facts.storage = storage_kind_from(storage);
    if (!model.empty()) options.facts.model = model;
    if (cpus > 0) options.facts.cpus = cpus;
    struct DurationFlag {
        const char* flag;
        const std::string& text;
        std::chrono::milliseconds& into;
    };
    for (const DurationFlag& duration :
         {DurationFlag{"--report-interval", report_interval, options.report_interval},
          DurationFlag{"--heartbeat-interval", heartbeat_interval, options.heartbeat_interval},
          DurationFlag{"--fence-after", fence_after, options.fence_after},
          DurationFlag{"--fence-wait", fence_wait, options.fence_wait}}) {
        auto value = parse_duration(duration.text);
        if (!value.ok()) return fail(std::string(duration.flag) + ": " + value.error().message);
        duration.into = *value;
    }
    if (options.username.empty() != options.password.empty()) {
        return fail("--username and --password go together");
    }
    parsed.run = true;
    return parsed;
}

}  // namespace edge
