// Volume options: bind propagation and SELinux labels in the short syntax, and the long
// syntax's bind, volume and tmpfs maps; each option belongs to its mount type.
#include "compose/fields/volume_options.h"

#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::parse_ok;
using Kind = VolumeMount::Kind;

std::string with_volume(const std::string& item) {
    return "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    volumes:\n      - " + item +
           "\nvolumes:\n  data:\n";
}

VolumeMount only_mount(const std::string& item) {
    ParsedStack parsed = parse_ok(with_volume(item));
    EXPECT_EQ(parsed.warnings, std::vector<std::string>{}) << item;
    if (parsed.stack.services.empty() || parsed.stack.services[0].volumes.size() != 1) return {};
    return parsed.stack.services[0].volumes[0];
}

TEST(VolumeOptions, ShortSyntaxPropagationAndLabels) {
    VolumeMount mount = only_mount("/run/udev:/run/udev:rslave");
    EXPECT_EQ(mount.kind, Kind::kBind);
    EXPECT_EQ(mount.propagation, "rslave");
    EXPECT_FALSE(mount.read_only);

    mount = only_mount("/mnt/media:/media:ro,rshared");
    EXPECT_TRUE(mount.read_only);
    EXPECT_EQ(mount.propagation, "rshared");

    mount = only_mount("/srv/db:/var/lib/db:Z");
    EXPECT_EQ(mount.selinux_label, "Z");

    mount = only_mount("data:/data:nocopy");
    EXPECT_EQ(mount.kind, Kind::kNamed);
    EXPECT_TRUE(mount.no_copy);
}

TEST(VolumeOptions, LongSyntaxOptions) {
    VolumeMount mount = only_mount(
        "{type: bind, source: /mnt/usb, target: /usb, bind: {propagation: rslave, "
        "create_host_path: true, selinux: z}}");
    EXPECT_EQ(mount.propagation, "rslave");
    EXPECT_TRUE(mount.create_host_path);
    EXPECT_EQ(mount.selinux_label, "z");

    mount = only_mount("{type: volume, source: data, target: /data, volume: {nocopy: true}}");
    EXPECT_TRUE(mount.no_copy);

    mount = only_mount("{type: tmpfs, target: /cache, tmpfs: {size: 64m, mode: 1777}}");
    EXPECT_EQ(mount.kind, Kind::kTmpfs);
    EXPECT_EQ(mount.tmpfs_size, 64 * 1024 * 1024);
    EXPECT_EQ(mount.tmpfs_mode, 01777);

    mount = only_mount("{type: tmpfs, target: /cache, tmpfs: {size: 1000000}}");
    EXPECT_EQ(mount.tmpfs_size, 1000000);
}

TEST(VolumeOptions, ConsistencyIsAHarmlessWarning) {
    ParsedStack parsed = parse_ok(with_volume("/srv/a:/a:cached"));
    EXPECT_EQ(parsed.warnings,
              (std::vector<std::string>{
                  "compose.yaml:6: services.web.volumes[0]: \"cached\" is a Docker Desktop "
                  "(macOS) hint with no effect on Linux nodes"}));
    parsed = parse_ok(with_volume("{type: bind, source: /a, target: /a, consistency: delegated}"));
    EXPECT_EQ(parsed.warnings,
              (std::vector<std::string>{
                  "compose.yaml:6: services.web.volumes[0].consistency: \"delegated\" is a "
                  "Docker Desktop (macOS) hint with no effect on Linux nodes"}));
}

TEST(VolumeOptions, Errors) {
    const std::string where = "compose.yaml:6: services.web.volumes[0]";
    EXPECT_EQ(error_of(with_volume("data:/data:rslave")),
              where +
                  ": bind propagation or an SELinux label does not apply to a mount of "
                  "type volume");
    EXPECT_EQ(error_of(with_volume("/srv:/srv:nocopy")),
              where + ": nocopy does not apply to a mount of type bind");
    EXPECT_EQ(error_of(with_volume("{type: bind, source: /a, target: /a, bind: {propagation: "
                                   "up}}")),
              where +
                  ".bind.propagation: expected rprivate, private, rshared, shared, rslave "
                  "or slave, got \"up\"");
    EXPECT_EQ(error_of(with_volume("{type: bind, source: /a, target: /a, bind: {recursive: "
                                   "x}}")),
              where +
                  ".bind.recursive: unknown bind option; expected propagation, "
                  "create_host_path or selinux");
    EXPECT_EQ(error_of(with_volume("{type: tmpfs, target: /a, tmpfs: {mode: 999}}")),
              where + ".tmpfs.mode: expected an octal mode such as 1777, got \"999\"");
    EXPECT_EQ(error_of(with_volume("{type: tmpfs, target: /a, tmpfs: {size: lots}}")),
              where + ".tmpfs.size: expected a size such as 64m, got \"lots\"");
    EXPECT_EQ(error_of(with_volume("{type: volume, source: data, target: /a, tmpfs: {size: "
                                   "1m}}")),
              where + ": tmpfs size or mode does not apply to a mount of type volume");
    EXPECT_EQ(error_of(with_volume("{type: volume, target: /a, volume: {nocopy: maybe}}")),
              where + ".volume.nocopy: expected true or false, got \"maybe\"");
}

}  // namespace
}  // namespace edge
