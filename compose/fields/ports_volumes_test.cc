// The short and long syntaxes of ports and volumes, valid and invalid.
#include <gtest/gtest.h>

#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::only_service;
using Kind = VolumeMount::Kind;

std::string with_ports(const std::string& item) {
    return "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    ports:\n      - " + item +
           "\n";
}

std::string with_volumes(const std::string& item) {
    return "services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    volumes:\n      - " + item +
           "\nvolumes:\n  data:\n";
}

TEST(Ports, ShortSyntax) {
    struct Case {
        std::string item;
        PortMapping port;
    };
    for (const Case& c : std::vector<Case>{
             {"\"8080:80\"", {80, 8080, "tcp", ""}},
             {"80", {80, 0, "tcp", ""}},
             {"\"127.0.0.1:8080:80\"", {80, 8080, "tcp", "127.0.0.1"}},
             {"\"127.0.0.1::80\"", {80, 0, "tcp", "127.0.0.1"}},
             {"\"8080:80/udp\"", {80, 8080, "udp", ""}},
             {"\"53/udp\"", {53, 0, "udp", ""}},
             {"\"[fe80::1]:8080:80/sctp\"", {80, 8080, "sctp", "fe80::1"}},
             {"65535:1", {1, 65535, "tcp", ""}},
         }) {
        ServiceSpec spec = only_service(with_ports(c.item));
        ASSERT_EQ(spec.ports.size(), 1u) << c.item;
        EXPECT_EQ(spec.ports[0], c.port) << c.item;
    }
}

TEST(Ports, LongSyntax) {
    ServiceSpec spec = only_service(with_ports("{target: 80, published: 8080, protocol: udp}"));
    EXPECT_EQ(spec.ports, (std::vector<PortMapping>{{80, 8080, "udp", ""}}));
    spec = only_service(with_ports("{target: 80}"));
    EXPECT_EQ(spec.ports, (std::vector<PortMapping>{{80, 0, "tcp", ""}}));
}

TEST(Ports, IngressModeIsAWarning) {
    auto parsed = compose_test::parse_ok(with_ports("{target: 80, published: 80, mode: ingress}"));
    EXPECT_EQ(parsed.warnings,
              (std::vector<std::string>{
                  "compose.yaml:6: services.web.ports[0].mode: there is no ingress routing; the "
                  "port is published on each node that runs a replica"}));
}

TEST(Ports, Errors) {
    const std::string where = "compose.yaml:6: services.web.ports[0]";
    const std::string syntax =
        ": expected a port such as \"8080:80\", \"80\", \"127.0.0.1:8080:80\" or \"8080:80/udp\", "
        "got ";
    EXPECT_EQ(error_of(with_ports("http")), where + syntax + "\"http\"");
    EXPECT_EQ(error_of(with_ports("\"70000:80\"")), where + syntax + "\"70000:80\"");
    EXPECT_EQ(error_of(with_ports("\"8080:0\"")), where + syntax + "\"8080:0\"");
    EXPECT_EQ(error_of(with_ports("\"1:2:3:4\"")), where + syntax + "\"1:2:3:4\"");
    EXPECT_EQ(error_of(with_ports("\"8000-8010:8000-8010\"")),
              where +
                  ": port ranges such as \"8000-8010:8000-8010\" are not supported; list each "
                  "port");
    EXPECT_EQ(error_of(with_ports("\"8080:80/http\"")),
              where + ": unknown protocol \"http\"; expected tcp, udp or sctp");
    EXPECT_EQ(error_of(with_ports("\"localhost:8080:80\"")),
              where + ": \"localhost\" is not an IP address");
    EXPECT_EQ(error_of(with_ports("{published: 8080}")),
              where + ".target: missing; a long-syntax port needs the container port");
    EXPECT_EQ(error_of(with_ports("{target: 0}")),
              where + ".target: expected an integer from 1 to 65535, got \"0\"");
    EXPECT_EQ(error_of(with_ports("{target: 80, published: \"8080-8081\"}")),
              where +
                  ".published: port ranges such as \"8080-8081\" are not supported; list "
                  "each port");
    EXPECT_EQ(error_of(with_ports("{target: 80, mode: vip}")),
              where + ".mode: expected host or ingress, got \"vip\"");
}

TEST(Volumes, ShortSyntax) {
    struct Case {
        std::string item;
        VolumeMount mount;
    };
    for (const Case& c : std::vector<Case>{
             {"data:/var/lib/data", {Kind::kNamed, "data", "/var/lib/data", false}},
             {"data:/var/lib/data:ro", {Kind::kNamed, "data", "/var/lib/data", true}},
             {"/srv/a:/a", {Kind::kBind, "/srv/a", "/a", false}},
             {"/srv/a:/a:rw", {Kind::kBind, "/srv/a", "/a", false}},
             {"/cache", {Kind::kNamed, "", "/cache", false}},
         }) {
        ServiceSpec spec = only_service(with_volumes(c.item));
        ASSERT_EQ(spec.volumes.size(), 1u) << c.item;
        EXPECT_EQ(spec.volumes[0], c.mount) << c.item;
    }
}

TEST(Volumes, SelinuxLabelIsPassedOn) {
    auto parsed = compose_test::parse_ok(with_volumes("/srv/a:/a:ro,z"));
    ASSERT_EQ(parsed.stack.services.size(), 1u);
    EXPECT_TRUE(parsed.stack.services[0].volumes[0].read_only);
    EXPECT_EQ(parsed.stack.services[0].volumes[0].selinux_label, "z");
    EXPECT_EQ(parsed.warnings, std::vector<std::string>{});
}

TEST(Volumes, Errors) {
    const std::string where = "compose.yaml:6: services.web.volumes[0]";
    EXPECT_EQ(error_of(with_volumes("other:/x")),
              where + ": volume \"other\" is not declared under the top-level volumes key");
    EXPECT_EQ(error_of(with_volumes("data:relative")),
              where + ": target \"relative\" is not an absolute path");
    EXPECT_EQ(error_of(with_volumes("cache")),
              where + ": target \"cache\" is not an absolute path");
    EXPECT_EQ(error_of(with_volumes("data:/x:rx")),
              where +
                  ": unknown volume option \"rx\"; expected ro, rw, z, Z, nocopy or a "
                  "propagation such as rslave");
    EXPECT_EQ(error_of(with_volumes("a:b:c:d")),
              where +
                  ": expected a volume such as \"data:/var/lib/data\", \"/srv/data:/data\" or "
                  "\"/srv/data:/data:ro\", got \"a:b:c:d\"");
    EXPECT_EQ(error_of(with_volumes("\"-x:/x\"")),
              where +
                  ": \"-x\" is not a valid volume name; expected letters, digits, '_', '.' or "
                  "'-', starting with a letter or digit");
    EXPECT_EQ(error_of(with_volumes("{type: volume}")),
              where + ".target: missing; expected the path inside the container");
    EXPECT_EQ(error_of(with_volumes("{target: /x}")),
              where + ".type: missing; expected volume, bind or tmpfs");
    EXPECT_EQ(error_of(with_volumes("{type: nfs, target: /x}")),
              where + ".type: expected volume, bind or tmpfs, got \"nfs\"");
    EXPECT_EQ(error_of(with_volumes("{type: bind, target: /x}")),
              where + ".source: missing; a bind mount needs a host path");
    EXPECT_EQ(error_of(with_volumes("{type: bind, source: \"\", target: /x}")),
              where + ".source: bind source is empty; expected a path");
    EXPECT_EQ(error_of(with_volumes("{type: tmpfs, source: data, target: /x}")),
              where + ".source: a tmpfs mount has no source");
    EXPECT_EQ(error_of(with_volumes("{type: volume, source: data, target: /x, read_only: 2}")),
              where + ".read_only: expected true or false, got \"2\"");
}

TEST(Volumes, RelativeAndHomeBindsAreMarkedForEdgectl) {
    for (const std::string item :
         {"./data:/data", "\"~/Pictures:/photos:ro\"", "../shared/site:/srv",
          "{type: bind, source: conf/app.ini, target: /etc/app.ini}"}) {
        ServiceSpec spec = only_service(with_volumes(item));
        ASSERT_EQ(spec.volumes.size(), 1u) << item;
        EXPECT_EQ(spec.volumes[0].kind, Kind::kBind) << item;
        EXPECT_EQ(spec.volumes[0].origin, VolumeMount::Origin::kRelative) << item;
    }
    ServiceSpec absolute = only_service(with_volumes("/srv/data:/data"));
    EXPECT_EQ(absolute.volumes[0].origin, VolumeMount::Origin::kHostPath);
}

}  // namespace
}  // namespace edge
