#include "agent/options.h"

#include <gtest/gtest.h>

#include <vector>

namespace edge {
namespace {

ParsedCommandLine parse(std::vector<const char*> extra) {
    std::vector<const char*> argv = {"edge-agent",
                                     "--broker",
                                     "mqtt://127.0.0.1:1883",
                                     "--node",
                                     "pi1",
                                     "--docker",
                                     "unix:///run/docker.sock",
                                     "--state-dir",
                                     "/var/lib/edgeorch"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return parse_agent_command_line(static_cast<int>(argv.size()), argv.data());
}

TEST(OptionsTest, RequiredFlagsAndDefaults) {
    ParsedCommandLine parsed = parse({});
    ASSERT_TRUE(parsed.run) << parsed.message;
    EXPECT_EQ(parsed.options.node, "pi1");
    EXPECT_EQ(parsed.options.engine_endpoint, "unix:///run/docker.sock");
    EXPECT_EQ(parsed.options.topic_prefix, "edgeorch");
    EXPECT_EQ(parsed.options.report_interval, std::chrono::seconds(2));
    EXPECT_FALSE(parsed.options.facts.memory_total.has_value());
}

TEST(OptionsTest, FactOverrides) {
    ParsedCommandLine parsed =
        parse({"--memory", "2GiB", "--arch", "arm64", "--storage", "sd", "--model",
               "Raspberry Pi 4 Model B", "--cpus", "4", "--report-interval", "500ms"});
    ASSERT_TRUE(parsed.run) << parsed.message;
    EXPECT_EQ(parsed.options.facts.memory_total, 2LL << 30);
    EXPECT_EQ(parsed.options.facts.arch, "arm64");
    EXPECT_EQ(parsed.options.facts.storage, StorageKind::kSd);
    EXPECT_EQ(parsed.options.facts.model, "Raspberry Pi 4 Model B");
    EXPECT_EQ(parsed.options.facts.cpus, 4);
    EXPECT_EQ(parsed.options.report_interval, std::chrono::milliseconds(500));
}

TEST(OptionsTest, RejectsBadValues) {
    for (const auto& extra : std::vector<std::vector<const char*>>{
             {"--node", "Bad/Name"},
             {"--memory", "lots"},
             {"--storage", "floppy"},
             {"--report-interval", "0s"},
             {"--report-interval", "2 weeks"},
             {"--username", "pi1"},
             {"--prefix", "a/#"},
             {"--cpus", "0"},
         }) {
        ParsedCommandLine parsed = parse(extra);
        EXPECT_FALSE(parsed.run) << extra[0] << " " << extra[1];
        EXPECT_EQ(parsed.exit_code, 2);
        EXPECT_FALSE(parsed.message.empty());
    }
    const char* missing[] = {"edge-agent", "--node", "pi1"};
    EXPECT_FALSE(parse_agent_command_line(3, missing).run);
}

TEST(OptionsTest, DevicesAndPolicy) {
    ParsedCommandLine defaults = parse({});
    ASSERT_TRUE(defaults.run) << defaults.message;
    EXPECT_EQ(defaults.options.dev_root, "/");
    EXPECT_TRUE(defaults.options.declared_devices.empty());
    EXPECT_EQ(defaults.options.policy_file, "/etc/edgeorch/agent-policy.conf");
    EXPECT_FALSE(defaults.options.policy_file_given);

    ParsedCommandLine parsed = parse({"--dev-root", "/tmp/root", "--device", "/dev/zwave",
                                      "--device", "/dev/ttyS1", "--policy", "/tmp/p.conf"});
    ASSERT_TRUE(parsed.run) << parsed.message;
    EXPECT_EQ(parsed.options.dev_root, "/tmp/root");
    EXPECT_EQ(parsed.options.declared_devices,
              (std::vector<std::string>{"/dev/zwave", "/dev/ttyS1"}));
    EXPECT_EQ(parsed.options.policy_file, "/tmp/p.conf");
    EXPECT_TRUE(parsed.options.policy_file_given);

    for (const char* bad : {"zwave", "/etc/passwd", "/dev/../etc/shadow"}) {
        ParsedCommandLine refused = parse({"--device", bad});
        EXPECT_FALSE(refused.run) << bad;
        EXPECT_EQ(refused.exit_code, 2);
        EXPECT_NE(refused.message.find("--device"), std::string::npos);
    }
}

TEST(OptionsTest, HelpExitsZero) {
    const char* help[] = {"edge-agent", "--help"};
    ParsedCommandLine parsed = parse_agent_command_line(2, help);
    EXPECT_FALSE(parsed.run);
    EXPECT_EQ(parsed.exit_code, 0);
    EXPECT_NE(parsed.message.find("--state-dir"), std::string::npos);
}

TEST(DurationTest, Units) {
    EXPECT_EQ(*parse_duration("250ms"), std::chrono::milliseconds(250));
    EXPECT_EQ(*parse_duration("3"), std::chrono::seconds(3));
    EXPECT_EQ(*parse_duration("1m"), std::chrono::minutes(1));
    EXPECT_FALSE(parse_duration("").ok());
    EXPECT_FALSE(parse_duration("-1s").ok());
}

}  // namespace
}  // namespace edge
