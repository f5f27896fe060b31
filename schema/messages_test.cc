#include "schema/messages.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

DesiredContainer sample_container() {
    DesiredContainer c;
    c.stack = "demo";
    c.service = "web";
    c.replica = 1;
    c.image = "edgeorch/busybox:latest";
    c.command = std::vector<std::string>{"httpd", "-f", "-p", "8080"};
    c.environment = {{"MODE", "demo"}, {"EMPTY", ""}};
    c.ports = {PortMapping{8080, 18080, "tcp", ""}};
    c.volumes = {VolumeMount{VolumeMount::Kind::kNamed, "data", "/data", false},
                 VolumeMount{VolumeMount::Kind::kBind, "/srv", "/srv", true}};
    c.restart = RestartPolicy::kOnFailure;
    c.memory_limit = 64LL * 1024 * 1024;
    c.spec_hash = spec_hash(c);
    return c;
}

TEST(Messages, DesiredSetRoundTrips) {
    DesiredSet set{"pi-1", 7, {sample_container()}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

TEST(Messages, StatusReportEventRoundTrip) {
    NodeStatus status{"nuc-1", true, NodeFacts{16LL << 30, "amd64", 4, StorageKind::kSsd, "NUC"},
                      "0.1.0"};
    auto s = decode_status(encode_status(status));
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(*s, status);

    NodeStatus offline{"nuc-1", false, {}, ""};
    auto o = decode_status(encode_status(offline));
    ASSERT_TRUE(o.ok()) << o.error().message;
    EXPECT_EQ(*o, offline);

    ObservedContainer seen{"abc", "edge-demo-web-1", "demo", "web", 1,         "0123456789abcdef",
                           7,     "exited",          137,    true,  64LL << 20};
    seen.image_id = "sha256:" + std::string(64, 'e');
    seen.image_digest = "127.0.0.1:5000/web@sha256:" + std::string(64, 'd');
    NodeReport report{"nuc-1",
                      7,
                      {seen},
                      123456,
                      {{"demo", "web", 2, "0123456789abcdef", "pull failed: manifest unknown",
                        CreateFailure::Stage::kCreate, 3, 1700000012000},
                       {"demo", "api", 0, "fedcba9876543210", "cannot start: OCI runtime failed",
                        CreateFailure::Stage::kStart}}};
    auto r = decode_report(encode_report(report));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, report);
    report.pulls = {{"postgres:16", 50 << 20, 150 << 20}};
    r = decode_report(encode_report(report));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, report);

    Event event{3, 1700000000000, "node", "pi-1", "pi-1 is online"};
    auto e = decode_event(encode_event(event));
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, event);
}

TEST(Messages, RequestAndResponseRoundTrip) {
    Request request{"service.ps", {{"service", "web"}}};
    auto q = decode_request(encode_request(request));
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_EQ(q->op, "service.ps");
    EXPECT_EQ(q->args["service"], "web");

    Response response{false, "no such service", nullptr};
    auto a = decode_response(encode_response(response));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_FALSE(a->ok);
    EXPECT_EQ(a->error, "no such service");
}

TEST(Messages, StackSpecRoundTrips) {
    ServiceSpec web;
    web.name = "web";
    web.image = "nginx:1.25";
    web.replicas = 3;
    web.memory_limit = 128LL << 20;
    web.memory_reservation = 64LL << 20;
    web.constraints = {Constraint{"node.labels.disk", false, "sd"}};
    web.service_class = ServiceClass::kStateless;
    web.entrypoint = std::vector<std::string>{"/bin/sh", "-c"};
    ServiceSpec db;
    db.name = "db";
    db.image = "postgres:16";
    db.global = true;
    db.allow_low_power = true;
    StackSpec stack{"home", {web, db}};
    auto decoded = stack_from_json(stack_to_json(stack));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, stack);
}

TEST(Messages, MemoryModeTravelsAndIsLeftOutAtItsDefault) {
    StackSpec stack{"photos", {ServiceSpec{.name = "server", .image = "immich-server"}}};
    EXPECT_EQ(stack_to_json(stack).dump().find("memory_mode"), std::string::npos);
    EXPECT_EQ(stack_to_json(stack).dump().find("memory_limit_stated"), std::string::npos);
    stack.services[0].memory_mode = MemoryMode::kAuto;
    stack.services[0].memory_limit_stated = false;
    auto round = stack_from_json(stack_to_json(stack));
    ASSERT_TRUE(round.ok()) << round.error().message;
    EXPECT_EQ(*round, stack);
    // A spec from before learned limits says nothing: a stated limit, the hub's default mode.
    auto json = stack_to_json(StackSpec{"old", {ServiceSpec{.name = "a", .image = "x"}}});
    auto old = stack_from_json(json);
    ASSERT_TRUE(old.ok());
    EXPECT_TRUE(old->services[0].memory_limit_stated);
    EXPECT_EQ(old->services[0].memory_mode, MemoryMode::kDefault);
    json["services"][0]["memory_mode"] = "sometimes";
    auto bad = stack_from_json(json);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("memory_mode"), std::string::npos) << bad.error().message;
}

struct BadPayload {
    const char* payload;
    const char* error;
};

TEST(Messages, DecodersRejectBadInputWithTheField) {
    const BadPayload cases[] = {
        {"", "message is not valid JSON"},
        {"{", "message is not valid JSON"},
        {"[1,2]", "message is not a JSON object"},
        {R"({"node":"pi-1"})", "message has no schema version \"v\""},
        {R"({"v":2,"node":"pi-1"})", "message has schema version 2, expected 1"},
        {R"({"v":1,"generation":1,"containers":[]})",
         "field \"node\": expected a string of at most 63 bytes"},
        {R"({"v":1,"node":"a/b","generation":1,"containers":[]})",
         "field \"node\": node name \"a/b\" has an invalid character; expected 1-63 "
         "characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit"},
        {R"({"v":1,"node":"pi-1","generation":-1,"containers":[]})",
         "field \"generation\": expected an integer from 0 to 2305843009213693951"},
        {R"({"v":1,"node":"pi-1","generation":"1","containers":[]})",
         "field \"generation\": expected an integer from 0 to 2305843009213693951"},
        {R"({"v":1,"node":"pi-1","generation":1,"containers":{}})",
         "field \"containers\": expected an array of objects"},
        {R"({"v":1,"node":"pi-1","generation":1,"containers":[{"stack":"s","service":"w",)"
         R"("replica":0,"image":"","memory_limit":67108864,"spec_hash":"x"}]})",
         "field \"containers[0].image\": expected a non-empty image reference"},
        {R"({"v":1,"node":"pi-1","generation":1,"containers":[{"stack":"s","service":"w",)"
         R"("replica":0,"image":"i","memory_limit":1,"spec_hash":"x"}]})",
         "field \"containers[0].memory_limit\": expected an integer from 4194304 to "
         "2305843009213693951"},
    };
    for (const auto& c : cases) {
        auto decoded = decode_desired(c.payload);
        ASSERT_FALSE(decoded.ok()) << c.payload;
        EXPECT_EQ(decoded.error().message, c.error) << c.payload;
    }
}

TEST(Messages, OversizedPayloadIsRejectedBeforeParsing) {
    std::string huge(kMaxMessageBytes + 1, ' ');
    auto decoded = decode_report(huge);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("exceeds the limit"), std::string::npos);
}

TEST(Messages, StopAfterDisconnectTravelsButLeavesTheSpecHashAlone) {
    DesiredContainer plain = sample_container();
    DesiredContainer fenced = plain;
    fenced.stop_after_disconnect_ms = 30000;
    // The agent stops a cut-off replica itself; the container it runs is the same.
    EXPECT_EQ(spec_hash(plain), spec_hash(fenced));
    DesiredSet set{"pi-1", 3, {fenced}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->containers[0].stop_after_disconnect_ms, 30000);
    // Written only when set, so existing sets encode as before.
    EXPECT_EQ(encode_desired({"pi-1", 3, {plain}}).find("stop_after_disconnect"),
              std::string::npos);

    StackSpec stack{"demo", {ServiceSpec{.name = "db", .image = "postgres:16"}}};
    stack.services[0].stop_after_disconnect_ms = 45000;
    auto round = stack_from_json(stack_to_json(stack));
    ASSERT_TRUE(round.ok()) << round.error().message;
    EXPECT_EQ(round->services[0].stop_after_disconnect_ms, 45000);
}

TEST(Messages, ReportFailureStageIsChecked) {
    NodeReport report{"nuc-1", 1, {}, 0, {{"demo", "web", 0, "0123456789abcdef", "no"}}};
    std::string text = encode_report(report);
    std::string bad = text;
    bad.replace(bad.find("\"message\""), 0, "\"stage\":\"later\",");
    auto decoded = decode_report(bad);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("stage"), std::string::npos) << decoded.error().message;
}

TEST(Messages, SpecHashIgnoresReplicaButNotSpec) {
    DesiredContainer a = sample_container();
    DesiredContainer b = a;
    b.replica = 5;
    EXPECT_EQ(spec_hash(a), spec_hash(b));
    b.memory_limit *= 2;
    EXPECT_NE(spec_hash(a), spec_hash(b));
    EXPECT_EQ(spec_hash(a).size(), 16u);
}

}  // namespace
}  // namespace edge
