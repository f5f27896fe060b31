#include "agent/observe/http_checker.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "agent/testing/fake_engine.h"

namespace edge {
namespace {

using testing::FakeEngine;

struct Fixture {
    FakeEngine engine;
    DesiredSet desired;
    std::vector<ObservedContainer> observed;
    std::vector<std::string> probed;  // "host:port/path"
    long answer = 200;
    bool refuse = false;

    Fixture() {
        DesiredContainer web;
        web.stack = "demo";
        web.service = "web";
        web.replica = 0;
        web.spec_hash = "h1";
        web.http_check = HttpCheck{.port = 8080,
                                   .path = "/health",
                                   .expect = 200,
                                   .interval_ms = 1000,
                                   .timeout_ms = 500,
                                   .retries = 2};
        desired = {"pi-1", 1, {web}};
        ContainerDetails details;
        details.observed.id = "c1";
        details.observed.name = "edge-demo-web-0";
        details.observed.stack = "demo";
        details.observed.service = "web";
        details.observed.spec_hash = "h1";
        details.observed.state = "running";
        details.ip_address = "172.17.0.5";
        engine.containers["c1"] = details;
        observed = {details.observed};
    }

    HttpChecker checker() {
        return HttpChecker([this](const std::string& host, int port, const std::string& path,
                                  int64_t) -> Result<long> {
            probed.push_back(host + ":" + std::to_string(port) + path);
            if (refuse) return make_error("connection refused");
            return answer;
        });
    }
};

TEST(HttpChecker, ProbesTheContainerAddressAtItsInterval) {
    Fixture f;
    HttpChecker checker = f.checker();
    checker.check(f.desired, f.observed, f.engine, 10000);
    EXPECT_EQ(f.observed[0].health, "healthy");
    checker.check(f.desired, f.observed, f.engine, 10500);  // not due yet
    checker.check(f.desired, f.observed, f.engine, 11000);
    EXPECT_EQ(f.probed,
              (std::vector<std::string>{"172.17.0.5:8080/health", "172.17.0.5:8080/health"}));
}

TEST(HttpChecker, UnhealthyAfterRetriesFailuresInARow) {
    Fixture f;
    HttpChecker checker = f.checker();
    f.answer = 500;
    checker.check(f.desired, f.observed, f.engine, 10000);
    EXPECT_EQ(f.observed[0].health, "starting");
    f.refuse = true;
    checker.check(f.desired, f.observed, f.engine, 11000);
    EXPECT_EQ(f.observed[0].health, "unhealthy");
    f.refuse = false;
    f.answer = 200;
    f.observed[0].health.clear();  // each pass observes the engine afresh
    checker.check(f.desired, f.observed, f.engine, 12000);
    EXPECT_EQ(f.observed[0].health, "healthy");
}

TEST(HttpChecker, FallsBackToThePublishedPortAndCombinesWithEngineHealth) {
    Fixture f;
    f.engine.containers["c1"].ip_address.clear();
    f.desired.containers[0].ports = {{8080, 18080, "tcp", ""}};
    f.observed[0].health = "unhealthy";  // the engine's own check fails
    HttpChecker checker = f.checker();
    checker.check(f.desired, f.observed, f.engine, 10000);
    EXPECT_EQ(f.probed, std::vector<std::string>{"127.0.0.1:18080/health"});
    EXPECT_EQ(f.observed[0].health, "unhealthy");
}

TEST(HttpChecker, LeavesContainersItCannotReachAlone) {
    Fixture f;
    f.engine.containers["c1"].ip_address.clear();
    HttpChecker checker = f.checker();
    checker.check(f.desired, f.observed, f.engine, 10000);
    EXPECT_TRUE(f.probed.empty());
    EXPECT_EQ(f.observed[0].health, "");
}

TEST(HttpChecker, ForgetStartsAfresh) {
    Fixture f;
    HttpChecker checker = f.checker();
    f.refuse = true;
    checker.check(f.desired, f.observed, f.engine, 10000);
    checker.check(f.desired, f.observed, f.engine, 11000);
    EXPECT_EQ(f.observed[0].health, "unhealthy");
    checker.forget("c1");
    f.observed[0].health.clear();
    f.refuse = false;
    f.answer = 503;
    checker.check(f.desired, f.observed, f.engine, 11100);
    EXPECT_EQ(f.observed[0].health, "starting");
}

TEST(CombineHealth, WorstWins) {
    EXPECT_EQ(combine_health("", ""), "");
    EXPECT_EQ(combine_health("healthy", ""), "healthy");
    EXPECT_EQ(combine_health("", "starting"), "starting");
    EXPECT_EQ(combine_health("healthy", "unhealthy"), "unhealthy");
    EXPECT_EQ(combine_health("starting", "healthy"), "starting");
    EXPECT_EQ(combine_health("healthy", "healthy"), "healthy");
}

// probe_http against a one-shot HTTP server on a loopback port.
TEST(ProbeHttp, ReadsTheStatusOfARealServer) {
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    int port = ntohs(address.sin_port);
    std::string request;
    std::thread server([&] {
        int client = ::accept(listener, nullptr, nullptr);
        if (client < 0) return;
        char buffer[1024];
        ssize_t n = ::read(client, buffer, sizeof(buffer));
        if (n > 0) request.assign(buffer, static_cast<size_t>(n));
        const char* answer = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
        (void)!::write(client, answer, strlen(answer));
        ::close(client);
    });
    auto status = probe_http("127.0.0.1", port, "/healthz", 2000);
    server.join();
    ::close(listener);
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ(*status, 204);
    EXPECT_EQ(request.rfind("GET /healthz HTTP/1.1", 0), 0u) << request;
    // Nothing listens on the port any more.
    EXPECT_FALSE(probe_http("127.0.0.1", port, "/", 1000).ok());
}

}  // namespace
}  // namespace edge
