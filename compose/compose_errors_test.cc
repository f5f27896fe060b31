// Invalid Compose files: each error with its exact text, file, line and key.
#include <gtest/gtest.h>

#include "compose/compose_parser.h"
#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::testdata;
using compose_test::web_with;

TEST(ComposeErrors, BuildIsRefusedEvenWithoutAnImage) {
    std::string file = testdata("build_only.yaml");
    auto parsed = parse_compose_file(file, "demo");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              file +
                  ":3: services.app.build: edgeorch does not build images; build the image and "
                  "push it to a registry your nodes can reach");
    EXPECT_EQ(error_of(web_with("    build: {context: .}\n")),
              "compose.yaml:4: services.web.build: edgeorch does not build images; build the "
              "image and push it to a registry your nodes can reach");
}

TEST(ComposeErrors, RelativeBindPathIsKeptForEdgectlToResolve) {
    auto parsed = parse_compose_file(testdata("relative_bind.yaml"), "demo");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const VolumeMount& mount = parsed->stack.services.at(0).volumes.at(0);
    EXPECT_EQ(mount.kind, VolumeMount::Kind::kBind);
    EXPECT_EQ(mount.origin, VolumeMount::Origin::kRelative);
    EXPECT_EQ(mount.source, "./site");
    EXPECT_EQ(
        error_of(web_with("    volumes:\n      - {type: bind, source: ~bob/x, target: /x}\n")),
        "compose.yaml:5: services.web.volumes[0].source: bind path \"~bob/x\" names another "
        "user's home; write \"~/...\", a path relative to this file (\"./...\"), or an "
        "absolute path");
}

TEST(ComposeErrors, MissingFileEmptyFileAndNoServices) {
    auto missing = parse_compose_file("/nonexistent/compose.yaml", "demo");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "/nonexistent/compose.yaml: cannot read: No such file or directory");
    auto directory = parse_compose_file(testdata(""), "demo");
    ASSERT_FALSE(directory.ok());
    EXPECT_EQ(directory.error().message, testdata("") + ": cannot read: Is a directory");

    EXPECT_EQ(error_of(""),
              "compose.yaml: the file is empty; expected a Compose file with services");
    EXPECT_EQ(error_of("# only a comment\n"),
              "compose.yaml: the file is empty; expected a Compose file with services");
    EXPECT_EQ(error_of("version: '3'\n"),
              "compose.yaml:1: services: missing; a Compose file needs at least one service");
    EXPECT_EQ(error_of("services: {}\n"),
              "compose.yaml:1: services: no services defined; expected at least one");
    EXPECT_EQ(error_of("services:\n"), "compose.yaml:1: services: expected a map, got null");
    EXPECT_EQ(error_of("- a\n- b\n"), "compose.yaml:1: (top level): expected a map, got a list");
    EXPECT_EQ(error_of("services: {web: {image: a}}\n---\nservices: {}\n"),
              "compose.yaml:2:1: invalid YAML: a second document starts here; a Compose file "
              "holds exactly one");
    EXPECT_EQ(error_of("---\n"),
              "compose.yaml: the file is empty; expected a Compose file with services");
}

TEST(ComposeErrors, InvalidYaml) {
    EXPECT_EQ(error_of("services:\n  web: [image\n"),
              "compose.yaml:3:1: invalid YAML: end of sequence flow not found");
    EXPECT_EQ(error_of("services:\n  web:\n    image: a\n   bad: b\n"),
              "compose.yaml:4:4: invalid YAML: end of map not found");
    // yaml-cpp 0.7 would report empty documents after these commas forever.
    EXPECT_EQ(error_of(","), "compose.yaml:1:1: invalid YAML: unexpected ','");
    EXPECT_EQ(error_of("[a],"), "compose.yaml:1:4: invalid YAML: unexpected ','");
    EXPECT_EQ(error_of("- a\n,\n"), "compose.yaml:2:1: invalid YAML: unexpected ','");
}

TEST(ComposeErrors, DuplicateKeys) {
    EXPECT_EQ(error_of(web_with("    image: httpd\n")),
              "compose.yaml:4: services.web.image: duplicate key");
}

TEST(ComposeErrors, NamesAreValidated) {
    EXPECT_EQ(error_of("services:\n  Web:\n    image: nginx\n"),
              "compose.yaml:2: services.Web: service name \"Web\" does not start with a letter or "
              "digit; expected 1-63 characters of a-z, 0-9, '-', '_' or '.', starting with a "
              "letter or digit");
    auto parsed = parse_compose_text("services: {web: {image: a}}\n", "compose.yaml", "my stack");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              "compose.yaml: stack name \"my stack\" has an invalid character; expected 1-63 "
              "characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit");
}

TEST(ComposeErrors, ImageIsRequiredAndMustBeAString) {
    EXPECT_EQ(error_of("services:\n  web:\n    restart: always\n"),
              "compose.yaml:2: services.web.image: missing; every service needs an image");
    EXPECT_EQ(error_of("services:\n  web:\n    image:\n    restart: always\n"),
              "compose.yaml:3: services.web.image: expected an image name such as nginx:1.25, got "
              "null");
    EXPECT_EQ(error_of("services:\n  web:\n    image: [nginx]\n"),
              "compose.yaml:3: services.web.image: expected an image name such as nginx:1.25, got "
              "a list");
    EXPECT_EQ(error_of("services:\n  web: nginx\n"),
              "compose.yaml:2: services.web: expected a map, got \"nginx\"");
}

TEST(ComposeErrors, WrongTypes) {
    EXPECT_EQ(error_of(web_with("    ports: \"8080:80\"\n")),
              "compose.yaml:4: services.web.ports: expected a list, got \"8080:80\"");
    EXPECT_EQ(error_of(web_with("    environment: FOO=bar\n")),
              "compose.yaml:4: services.web.environment: expected a list of VAR=value or a map, "
              "got \"FOO=bar\"");
    EXPECT_EQ(error_of(web_with("    environment:\n      FOO: [1, 2]\n")),
              "compose.yaml:5: services.web.environment.FOO: expected a string, number or "
              "boolean, got a list");
    EXPECT_EQ(error_of(web_with("    environment:\n      - =bar\n")),
              "compose.yaml:5: services.web.environment[0]: expected VAR=value, got \"=bar\"");
    EXPECT_EQ(error_of(web_with("    command: {a: b}\n")),
              "compose.yaml:4: services.web.command: expected a string or a list of strings, got "
              "a map");
    EXPECT_EQ(error_of(web_with("    entrypoint: [sh, [x]]\n")),
              "compose.yaml:4: services.web.entrypoint[1]: expected a string, got a list");
    EXPECT_EQ(error_of(web_with("    command: echo 'hi\n")),
              "compose.yaml:4: services.web.command: unterminated single quote");
    EXPECT_EQ(error_of(web_with("    deploy: [replicas]\n")),
              "compose.yaml:4: services.web.deploy: expected a map, got a list");
    EXPECT_EQ(error_of(web_with("    x-edge:\n      allow-low-power: maybe\n")),
              "compose.yaml:5: services.web.x-edge.allow-low-power: expected true or false, got "
              "\"maybe\"");
    EXPECT_EQ(error_of(web_with("    x-edge: {class: cache}\n")),
              "compose.yaml:4: services.web.x-edge.class: expected database or stateless, got "
              "\"cache\"");
    EXPECT_EQ(error_of(web_with("    restart: sometimes\n")),
              "compose.yaml:4: services.web.restart: expected no, always, on-failure or "
              "unless-stopped, got \"sometimes\"");
}

TEST(ComposeErrors, Deploy) {
    EXPECT_EQ(error_of(web_with("    deploy:\n      replicas: many\n")),
              "compose.yaml:5: services.web.deploy.replicas: expected an integer from 0 to 1000, "
              "got \"many\"");
    EXPECT_EQ(error_of(web_with("    deploy:\n      replicas: 1001\n")),
              "compose.yaml:5: services.web.deploy.replicas: expected an integer from 0 to 1000, "
              "got \"1001\"");
    EXPECT_EQ(error_of(web_with("    deploy:\n      replicas: -1\n")),
              "compose.yaml:5: services.web.deploy.replicas: expected an integer from 0 to 1000, "
              "got \"-1\"");
    EXPECT_EQ(error_of(web_with("    deploy:\n      mode: everywhere\n")),
              "compose.yaml:5: services.web.deploy.mode: expected replicated, global, "
              "replicated-job or global-job, got \"everywhere\"");
    EXPECT_EQ(error_of(web_with("    deploy:\n      mode: global\n      replicas: 2\n")),
              "compose.yaml:6: services.web.deploy.replicas: replicas cannot be combined with "
              "mode global, which runs one replica on every eligible node");
    EXPECT_EQ(error_of(web_with("    deploy:\n      restart_policy:\n        condition: never\n")),
              "compose.yaml:6: services.web.deploy.restart_policy.condition: expected none, "
              "on-failure or any, got \"never\"");
}

TEST(ComposeErrors, Constraints) {
    auto constraint_error = [](const std::string& constraint) {
        return error_of(
            web_with("    deploy:\n      placement:\n        constraints:\n          - " +
                     constraint + "\n"));
    };
    const std::string where = "compose.yaml:7: services.web.deploy.placement.constraints[0]: ";
    EXPECT_EQ(constraint_error("node.role==manager"),
              where +
                  "unknown constraint key \"node.role\"; expected node.hostname, "
                  "node.labels.KEY, node.platform.arch or node.class");
    EXPECT_EQ(constraint_error("node.labels.==x"),
              where +
                  "unknown constraint key \"node.labels.\"; expected node.hostname, "
                  "node.labels.KEY, node.platform.arch or node.class");
    EXPECT_EQ(constraint_error("node.hostname=pi1"),
              where +
                  "expected a constraint such as node.labels.disk==ssd, got "
                  "\"node.hostname=pi1\"");
    EXPECT_EQ(constraint_error("\"node.hostname == \""),
              where +
                  "expected a constraint such as node.labels.disk==ssd, got "
                  "\"node.hostname == \"");
    EXPECT_EQ(constraint_error("node.class==fast"),
              where + "unknown node class \"fast\"; expected low-power or standard");
}

TEST(ComposeErrors, Memory) {
    EXPECT_EQ(error_of(web_with("    deploy:\n      resources:\n        limits:\n"
                                "          memory: lots\n")),
              "compose.yaml:7: services.web.deploy.resources.limits.memory: expected a memory "
              "size such as 512m, 1g or 1.5GiB, got \"lots\"");
    EXPECT_EQ(error_of(web_with("    mem_limit: 512m\n    deploy:\n      resources:\n"
                                "        limits:\n          memory: 256m\n")),
              "compose.yaml:4: services.web.mem_limit: 512 MiB conflicts with "
              "services.web.deploy.resources.limits.memory (256 MiB, line 8); keep one of them");
    EXPECT_EQ(error_of(web_with("    mem_reservation: 100m\n    deploy:\n      resources:\n"
                                "        reservations:\n          memory: 200m\n")),
              "compose.yaml:4: services.web.mem_reservation: 100 MiB conflicts with "
              "services.web.deploy.resources.reservations.memory (200 MiB, line 8); keep one of "
              "them");
    EXPECT_EQ(error_of(web_with("    mem_limit: 4m\n")),
              "compose.yaml:4: services.web.mem_limit: expected at least 6 MiB (the engine "
              "refuses smaller limits), got 4 MiB");
    EXPECT_EQ(error_of(web_with("    mem_limit: 128m\n    mem_reservation: 1g\n")),
              "compose.yaml:5: services.web.mem_reservation: reservation 1.0 GiB is larger than "
              "the memory limit 128 MiB");
    // Without a declared limit the default one applies to the reservation check as well.
    EXPECT_EQ(error_of(web_with("    mem_reservation: 300m\n")),
              "compose.yaml:4: services.web.mem_reservation: reservation 300 MiB is larger than "
              "the memory limit 256 MiB");
}

TEST(ComposeErrors, TopLevelVolumes) {
    EXPECT_EQ(error_of(web_with("volumes:\n  \"bad name\":\n")),
              "compose.yaml:5: volumes.bad name: \"bad name\" is not a valid volume name; "
              "expected letters, digits, '_', '.' or '-', starting with a letter or digit");
    EXPECT_EQ(error_of(web_with("volumes: [data]\n")),
              "compose.yaml:4: volumes: expected a map, got a list");
}

TEST(ComposeErrors, MergeKeys) {
    EXPECT_EQ(error_of("services:\n  web:\n    <<: 5\n    image: a\n"),
              "compose.yaml:3: services.web.<<: expected a map or a list of maps to merge, got "
              "\"5\"");
    EXPECT_EQ(error_of("services:\n  web:\n    <<: [[a]]\n    image: a\n"),
              "compose.yaml:3: services.web.<<[0]: expected a map to merge, got a list");
}

}  // namespace
}  // namespace edge
