#include "agent/engine/docker_api.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

using nlohmann::json;

TEST(DockerApiTest, SplitsImageReferences) {
    struct Case {
        std::string image, from, tag;
    };
    for (const Case& c : std::vector<Case>{
             {"nginx", "nginx", "latest"},
             {"nginx:1.25", "nginx", "1.25"},
             {"ghcr.io/home/app:v2", "ghcr.io/home/app", "v2"},
             {"registry.lan:5000/app", "registry.lan:5000/app", "latest"},
             {"registry.lan:5000/app:3", "registry.lan:5000/app", "3"},
             {"alpine@sha256:abcd", "alpine@sha256:abcd", ""},
         }) {
        ImageReference reference = split_image_reference(c.image);
        EXPECT_EQ(reference.from_image, c.from) << c.image;
        EXPECT_EQ(reference.tag, c.tag) << c.image;
    }
}

TEST(DockerApiTest, CreateBodyCarriesLimitsLabelsPortsAndMounts) {
    ContainerCreateSpec spec;
    spec.name = "edge-home-web-1";
    spec.node = "pi1";
    spec.generation = 12;
    DesiredContainer& c = spec.container;
    c.stack = "home";
    c.service = "web";
    c.replica = 1;
    c.image = "nginx:1.25";
    c.command = std::vector<std::string>{"nginx", "-g", "daemon off;"};
    c.environment = {{"TZ", "Europe/Berlin"}};
    c.ports = {{80, 8080, "tcp", ""}, {53, 0, "udp", ""}};
    c.volumes = {{VolumeMount::Kind::kNamed, "webdata", "/data", false},
                 {VolumeMount::Kind::kBind, "/srv/conf", "/etc/nginx", true},
                 {VolumeMount::Kind::kTmpfs, "", "/tmp", false}};
    c.restart = RestartPolicy::kUnlessStopped;
    c.memory_limit = 128 * 1024 * 1024;
    c.spec_hash = "abc123";

    json body = create_container_body(spec);
    EXPECT_EQ(body["Image"], "nginx:1.25");
    EXPECT_EQ(body["Cmd"], json({"nginx", "-g", "daemon off;"}));
    EXPECT_FALSE(body.contains("Entrypoint"));
    EXPECT_EQ(body["Env"], json({"TZ=Europe/Berlin"}));
    EXPECT_EQ(body["Labels"]["edgeorch.node"], "pi1");
    EXPECT_EQ(body["Labels"]["edgeorch.stack"], "home");
    EXPECT_EQ(body["Labels"]["edgeorch.service"], "web");
    EXPECT_EQ(body["Labels"]["edgeorch.replica"], "1");
    EXPECT_EQ(body["Labels"]["edgeorch.spec-hash"], "abc123");
    EXPECT_EQ(body["Labels"]["edgeorch.generation"], "12");
    EXPECT_TRUE(body["ExposedPorts"].contains("80/tcp"));
    EXPECT_TRUE(body["ExposedPorts"].contains("53/udp"));

    const json& host = body["HostConfig"];
    EXPECT_EQ(host["Memory"], 128 * 1024 * 1024);
    EXPECT_EQ(host["MemorySwap"], 128 * 1024 * 1024);
    EXPECT_EQ(host["RestartPolicy"]["Name"], "unless-stopped");
    EXPECT_EQ(host["PortBindings"]["80/tcp"][0]["HostPort"], "8080");
    EXPECT_FALSE(host["PortBindings"].contains("53/udp"));  // exposed only
    ASSERT_EQ(host["Mounts"].size(), 3u);
    EXPECT_EQ(
        host["Mounts"][0],
        json(
            {{"Type", "volume"}, {"Source", "webdata"}, {"Target", "/data"}, {"ReadOnly", false}}));
    EXPECT_EQ(host["Mounts"][1]["Type"], "bind");
    EXPECT_EQ(host["Mounts"][1]["ReadOnly"], true);
    EXPECT_EQ(host["Mounts"][2]["Type"], "tmpfs");
    EXPECT_FALSE(host["Mounts"][2].contains("Source"));
}

TEST(DockerApiTest, CreateBodySpellsEveryRestartPolicy) {
    ContainerCreateSpec spec;
    for (auto [policy, name] : std::vector<std::pair<RestartPolicy, std::string>>{
             {RestartPolicy::kNo, "no"},
             {RestartPolicy::kAlways, "always"},
             {RestartPolicy::kOnFailure, "on-failure"},
             {RestartPolicy::kUnlessStopped, "unless-stopped"}}) {
        spec.container.restart = policy;
        EXPECT_EQ(create_container_body(spec)["HostConfig"]["RestartPolicy"]["Name"], name);
    }
}

TEST(DockerApiTest, ParsesContainerList) {
    const char* body = R"([
      {"Id": "aaa", "Names": ["/edge-home-web-0"], "State": "running",
       "Image": "127.0.0.1:5000/web:1", "ImageID": "sha256:1111",
       "Labels": {"edgeorch.node": "pi1", "edgeorch.stack": "home", "edgeorch.service": "web",
                  "edgeorch.replica": "0", "edgeorch.spec-hash": "h1",
                  "edgeorch.generation": "4"}},
      {"Id": "bbb", "Names": ["/stray"], "State": "exited", "Labels": {}}
    ])";
    auto list = parse_container_list(body);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    const ObservedContainer& web = (*list)[0].observed;
    EXPECT_EQ(web.id, "aaa");
    EXPECT_EQ(web.name, "edge-home-web-0");
    EXPECT_EQ(web.state, "running");
    EXPECT_EQ(web.stack, "home");
    EXPECT_EQ(web.service, "web");
    EXPECT_EQ(web.replica, 0);
    EXPECT_EQ(web.spec_hash, "h1");
    EXPECT_EQ(web.generation, 4);
    EXPECT_EQ(web.image_id, "sha256:1111");
    EXPECT_EQ((*list)[0].image, "127.0.0.1:5000/web:1");
    EXPECT_EQ((*list)[0].labels.at("edgeorch.node"), "pi1");
    // Without our labels the identity is unusable, so reconcile treats it as undesired.
    EXPECT_EQ((*list)[1].observed.replica, -1);
    EXPECT_EQ((*list)[1].observed.stack, "");
}

TEST(DockerApiTest, ParsesImageRepoDigests) {
    auto digests = parse_image_repo_digests(
        R"({"Id": "sha256:1111", "RepoDigests": ["127.0.0.1:5000/web@sha256:2222", 3]})");
    ASSERT_TRUE(digests.ok()) << digests.error().message;
    EXPECT_EQ(*digests, std::vector<std::string>{"127.0.0.1:5000/web@sha256:2222"});
    auto none = parse_image_repo_digests(R"({"Id": "sha256:1111", "RepoDigests": null})");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    EXPECT_FALSE(parse_image_repo_digests("[]").ok());
}

TEST(DockerApiTest, RejectsMalformedContainerList) {
    EXPECT_FALSE(parse_container_list("not json").ok());
    EXPECT_FALSE(parse_container_list(R"({"Id": "x"})").ok());
    EXPECT_FALSE(parse_container_list(R"([{"Names": ["/x"]}])").ok());
}

TEST(DockerApiTest, ParsesInspect) {
    const char* body = R"({
      "Id": "ccc", "Name": "/edge-home-db-0", "RestartCount": 4,
      "State": {"Status": "exited", "ExitCode": 137, "OOMKilled": true},
      "HostConfig": {"Memory": 67108864},
      "Config": {"Labels": {"edgeorch.node": "pi1", "edgeorch.stack": "home",
                            "edgeorch.service": "db", "edgeorch.replica": "0",
                            "edgeorch.spec-hash": "h9", "edgeorch.generation": "2"}}
    })";
    auto details = parse_container_inspect(body);
    ASSERT_TRUE(details.ok()) << details.error().message;
    const ObservedContainer& c = details->observed;
    EXPECT_EQ(c.name, "edge-home-db-0");
    EXPECT_EQ(c.state, "exited");
    EXPECT_EQ(c.exit_code, 137);
    EXPECT_TRUE(c.oom_killed);
    EXPECT_EQ(c.memory_limit, 67108864);
    EXPECT_EQ(c.engine_restarts, 4);
    EXPECT_EQ(c.service, "db");
    EXPECT_EQ(c.spec_hash, "h9");
    EXPECT_FALSE(parse_container_inspect("[]").ok());
}

TEST(DockerApiTest, ParsesOomAndStartEventsAndSkipsTheRest) {
    const std::string body =
        R"({"Type":"container","Action":"oom","Actor":{"ID":"c1"},"time":5,"timeNano":5000000123})"
        "\n"
        R"({"status":"start","id":"c2","time":6})"
        "\n"
        R"({"Type":"container","Action":"die","Actor":{"ID":"c1"},"time":5})"
        "\nnot json\n"
        R"({"Type":"container","Action":"start","time":7})"
        "\n";
    auto events = parse_container_events(body);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].action, "oom");
    EXPECT_EQ(events[0].container_id, "c1");
    EXPECT_EQ(events[0].time_nanos, 5000000123);
    EXPECT_EQ(events[0].time_ms, 5000);
    EXPECT_EQ(events[1].action, "start");
    EXPECT_EQ(events[1].container_id, "c2");
    EXPECT_EQ(events[1].time_ms, 6000);
}

TEST(DockerApiTest, ParsesAnyContainerEventLineAndDropsTheRest) {
    auto died = parse_container_event(
        R"({"Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"exitCode":"1"}},"time":9})");
    ASSERT_TRUE(died);
    EXPECT_EQ(died->action, "die");
    EXPECT_EQ(died->container_id, "c1");
    EXPECT_EQ(died->time_ms, 9000);
    auto health = parse_container_event(
        R"({"Type":"container","Action":"health_status: unhealthy","Actor":{"ID":"c2"}})");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->action, "health_status: unhealthy");
    EXPECT_FALSE(
        parse_container_event(R"({"Type":"network","Action":"connect","Actor":{"ID":"n"}})"));
    EXPECT_FALSE(parse_container_event(R"({"Type":"container","Action":"die"})"));  // no id
    EXPECT_FALSE(
        parse_container_event(R"({"Type":"container","Actor":{"ID":"c3"}})"));  // no action
    EXPECT_FALSE(parse_container_event("not json"));
    EXPECT_FALSE(parse_container_event(R"(["an", "array"])"));
    EXPECT_FALSE(parse_container_event(""));
}

TEST(DockerApiTest, NegotiatesApiVersion) {
    auto newer = parse_version(R"({"Version": "24.0.7", "ApiVersion": "1.43", "Os": "linux",
                                   "Arch": "arm64"})");
    ASSERT_TRUE(newer.ok());
    EXPECT_EQ(newer->api_version, "1.41");
    EXPECT_EQ(newer->arch, "arm64");
    auto older = parse_version(R"({"Version": "19.03", "ApiVersion": "1.40"})");
    ASSERT_TRUE(older.ok());
    EXPECT_EQ(older->api_version, "1.40");
    EXPECT_FALSE(parse_version(R"({"Version": "1.12", "ApiVersion": "1.24"})").ok());
    EXPECT_FALSE(parse_version(R"({"Version": "x"})").ok());
    EXPECT_LT(compare_api_versions("1.9", "1.41"), 0);
    EXPECT_EQ(compare_api_versions("1.41", "1.41"), 0);
}

TEST(DockerApiTest, ExtractsEngineErrors) {
    EXPECT_EQ(engine_error_message(R"({"message": "No such container: x"})"),
              "No such container: x");
    EXPECT_EQ(engine_error_message("page not found\n"), "page not found");
    EXPECT_EQ(pull_line_error(R"({"status": "Downloading"})"), "");
    EXPECT_EQ(pull_line_error(R"({"errorDetail": {"message": "denied"}, "error": "denied"})"),
              "denied");
    EXPECT_EQ(pull_line_error("garbage"), "");
}

}  // namespace
}  // namespace edge
