// The doctor's verdicts and fixes, from prepared facts: no node is read.
#include "agent/doctor/doctor_checks.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr int64_t kGiB = int64_t{1} << 30;

// /proc/cgroups as Raspberry Pi OS shows it before the fix: memory listed but disabled.
constexpr const char* kPiProcCgroups =
    "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
    "cpuset\t0\t85\t1\ncpu\t0\t85\t1\nmemory\t0\t85\t0\npids\t0\t85\t1\n";

CgroupFacts pi_without_memory() {
    return {.v2_controllers = "cpuset cpu io pids\n",
            .proc_cgroups = kPiProcCgroups,
            .cmdline = "console=tty1 root=PARTUUID=1234-02 rootwait cgroup_disable=memory",
            .model = "Raspberry Pi 4 Model B Rev 1.4",
            .boot_cmdline_file = "/boot/firmware/cmdline.txt"};
}

TEST(DoctorChecksTest, MemoryCgroupV2WithControllerIsReady) {
    CgroupFacts facts = pi_without_memory();
    facts.v2_controllers = "cpuset cpu io memory pids\n";
    CheckResult result = check_memory_cgroup(facts);
    EXPECT_EQ(result.verdict, Verdict::kOk);
    EXPECT_NE(result.finding.find("cgroup v2"), std::string::npos);
}

TEST(DoctorChecksTest, MemoryCgroupV1EnabledIsReady) {
    CgroupFacts facts;
    facts.proc_cgroups = "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t120\t1\n";
    CheckResult result = check_memory_cgroup(facts);
    EXPECT_EQ(result.verdict, Verdict::kOk);
    EXPECT_NE(result.finding.find("cgroup v1"), std::string::npos);
}

TEST(DoctorChecksTest, PiWithoutMemoryCgroupGetsTheCmdlineFix) {
    CheckResult result = check_memory_cgroup(pi_without_memory());
    EXPECT_EQ(result.verdict, Verdict::kFail);
    EXPECT_NE(result.finding.find("cgroup_disable=memory"), std::string::npos);
    EXPECT_NE(result.fix.find("cgroup_enable=memory cgroup_memory=1"), std::string::npos);
    EXPECT_NE(result.fix.find("/boot/firmware/cmdline.txt"), std::string::npos);
    EXPECT_NE(result.fix.find("reboot"), std::string::npos);
}

TEST(DoctorChecksTest, OtherMachineWithoutMemoryCgroupGetsTheGrubFix) {
    CgroupFacts facts;
    facts.proc_cgroups = kPiProcCgroups;  // v1, memory disabled
    facts.model = "NUC10i5FNH";
    CheckResult result = check_memory_cgroup(facts);
    EXPECT_EQ(result.verdict, Verdict::kFail);
    EXPECT_NE(result.finding.find("cgroup v1"), std::string::npos);
    EXPECT_NE(result.fix.find("GRUB_CMDLINE_LINUX"), std::string::npos);
}

TEST(DoctorChecksTest, EngineUnreachableOrForbidden) {
    EngineFacts facts{.endpoint = "unix:///run/docker.sock",
                      .transport_error = "Couldn't connect to server"};
    CheckResult missing = check_engine(facts);
    EXPECT_EQ(missing.verdict, Verdict::kFail);
    EXPECT_NE(missing.fix.find("systemctl enable --now docker"), std::string::npos);

    facts.transport_error = "Permission denied";
    EXPECT_NE(check_engine(facts).fix.find("adduser edge-agent docker"), std::string::npos);
}

TEST(DoctorChecksTest, EngineApiVersionIsReportedAndOldOnesFail) {
    EngineFacts facts{.endpoint = "unix:///run/docker.sock",
                      .version_status = 200,
                      .version_body = R"({"Version":"20.10.24","ApiVersion":"1.41"})",
                      .memory_limit = true};
    CheckResult result = check_engine(facts);
    EXPECT_EQ(result.verdict, Verdict::kOk);
    EXPECT_NE(result.finding.find("20.10.24"), std::string::npos);
    EXPECT_NE(result.finding.find("1.41"), std::string::npos);

    facts.version_body = R"({"Version":"1.12.0","ApiVersion":"1.24"})";
    EXPECT_EQ(check_engine(facts).verdict, Verdict::kFail);

    facts.version_body = R"({"Version":"20.10.24","ApiVersion":"1.41"})";
    facts.memory_limit = false;
    EXPECT_EQ(check_engine(facts).verdict, Verdict::kFail);

    facts.version_status = 404;
    EXPECT_EQ(check_engine(facts).verdict, Verdict::kFail);
}

TEST(DoctorChecksTest, BrokerVerdicts) {
    BrokerFacts facts{.url = "mqtt://hub:1883", .credentials_given = true, .connected = true};
    EXPECT_EQ(check_broker(facts).verdict, Verdict::kOk);
    EXPECT_NE(check_broker(facts).finding.find("accepted"), std::string::npos);

    facts.connected = false;
    facts.reason_code = 134;
    facts.error = "Bad user name or password";
    CheckResult refused = check_broker(facts);
    EXPECT_EQ(refused.verdict, Verdict::kFail);
    EXPECT_NE(refused.fix.find("--password"), std::string::npos);

    facts.reason_code = -1;
    facts.error = "Connection refused";
    CheckResult unreachable = check_broker(facts);
    EXPECT_EQ(unreachable.verdict, Verdict::kFail);
    EXPECT_NE(unreachable.fix.find("1883"), std::string::npos);
}

TEST(DoctorChecksTest, ClockIn1970FailsUnsynchronizedWarns) {
    CheckResult boot = check_clock({.now_unix_seconds = 42, .synchronized = false});
    EXPECT_EQ(boot.verdict, Verdict::kFail);
    EXPECT_NE(boot.fix.find("timedatectl set-ntp true"), std::string::npos);
    EXPECT_EQ(check_clock({.now_unix_seconds = kEarliestPlausibleTime + 1, .synchronized = false})
                  .verdict,
              Verdict::kWarn);
    EXPECT_EQ(
        check_clock({.now_unix_seconds = kEarliestPlausibleTime + 1, .synchronized = true}).verdict,
        Verdict::kOk);
}

TEST(DoctorChecksTest, CertificateMissingExpiredOrExpiringIsReported) {
    const int64_t now = kEarliestPlausibleTime;
    const int64_t day = 86400;
    EXPECT_EQ(check_certificate({.tls = false}).verdict, Verdict::kWarn);
    EXPECT_EQ(check_certificate({.tls = true, .path = ""}).verdict, Verdict::kFail);
    EXPECT_EQ(check_certificate({.tls = true, .path = "node.crt", .error = "not a PEM certificate"})
                  .verdict,
              Verdict::kFail);
    CheckResult expired = check_certificate(
        {.tls = true, .path = "node.crt", .not_after = now - 1, .now_unix_seconds = now});
    EXPECT_EQ(expired.verdict, Verdict::kFail);
    EXPECT_NE(expired.fix.find("edgectl node add"), std::string::npos);
    CheckResult soon = check_certificate(
        {.tls = true, .path = "node.crt", .not_after = now + 10 * day, .now_unix_seconds = now});
    EXPECT_EQ(soon.verdict, Verdict::kWarn);
    EXPECT_NE(soon.finding.find("10 days"), std::string::npos);
    CheckResult fine = check_certificate(
        {.tls = true, .path = "node.crt", .not_after = now + 400 * day, .now_unix_seconds = now});
    EXPECT_EQ(fine.verdict, Verdict::kOk);
    EXPECT_NE(fine.finding.find("400 days"), std::string::npos);
}

TEST(DoctorChecksTest, StorageKindAndFreeSpace) {
    StorageFacts facts{.path = "/var/lib/edge-agent",
                       .kind = StorageKind::kSd,
                       .free_bytes = 20 * kGiB,
                       .total_bytes = 32 * kGiB};
    CheckResult sd = check_storage(facts);
    EXPECT_EQ(sd.verdict, Verdict::kOk);
    EXPECT_NE(sd.finding.find("databases will not be placed"), std::string::npos);

    facts.free_bytes = 2 * kGiB;
    EXPECT_EQ(check_storage(facts).verdict, Verdict::kWarn);
    facts.free_bytes = 100 * kMiB;
    EXPECT_EQ(check_storage(facts).verdict, Verdict::kFail);

    facts.free_bytes = 20 * kGiB;
    facts.kind = StorageKind::kUnknown;
    EXPECT_NE(check_storage(facts).fix.find("--storage ssd"), std::string::npos);
    facts.total_bytes = 0;
    EXPECT_EQ(check_storage(facts).verdict, Verdict::kFail);
}

DesiredContainer container(const std::string& service, int64_t limit) {
    DesiredContainer c;
    c.stack = "home";
    c.service = service;
    c.memory_limit = limit;
    return c;
}

TEST(DoctorChecksTest, MemoryCountsOnlyWhatIsNotRunningYet) {
    DesiredSet desired{"pi1", 3, {container("db", 512 * kMiB), container("web", 256 * kMiB)}};
    ObservedContainer db_running;
    db_running.stack = "home";
    db_running.service = "db";
    db_running.state = "running";
    MemoryFacts facts = add_desired_memory({.total_bytes = 1 * kGiB, .available_bytes = 300 * kMiB},
                                           desired, {db_running});
    EXPECT_EQ(facts.desired_bytes, 768 * kMiB);
    EXPECT_EQ(facts.running_desired_bytes, 512 * kMiB);
    EXPECT_EQ(facts.desired_containers, 2);
    EXPECT_EQ(check_memory(facts).verdict, Verdict::kOk);  // web's 256 MiB fits in 300 MiB

    facts.available_bytes = 100 * kMiB;
    EXPECT_EQ(check_memory(facts).verdict, Verdict::kWarn);

    facts.total_bytes = 512 * kMiB;
    EXPECT_EQ(check_memory(facts).verdict, Verdict::kFail);
    facts.total_bytes = 0;
    EXPECT_EQ(check_memory(facts).verdict, Verdict::kFail);
}

TEST(DoctorChecksTest, ExitCodeIsZeroOnlyWithoutFailures) {
    std::vector<CheckResult> results{{"clock", Verdict::kOk, "fine", ""},
                                     {"storage", Verdict::kWarn, "2 GiB free", "free some"}};
    EXPECT_EQ(doctor_exit_code(results), 0);
    std::string report = format_doctor_report(results);
    EXPECT_NE(report.find("ok    clock: fine"), std::string::npos);
    EXPECT_NE(report.find("WARN  storage: 2 GiB free\n      fix: free some"), std::string::npos);
    EXPECT_NE(report.find("ready: this node can run work"), std::string::npos);

    results.push_back({"broker", Verdict::kFail, "refused", "join again"});
    EXPECT_EQ(doctor_exit_code(results), 1);
    EXPECT_NE(format_doctor_report(results).find("not ready"), std::string::npos);
}

}  // namespace
}  // namespace edge
