// UnixHttpClient and exchange_http against a scripted HTTP server on a unix socket: real
// sockets and the real http_parser, with canned responses (Content-Length, chunked, until EOF),
// a server that stalls, and streams ended early by the caller.
#include "agent/engine/http_exchange.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "agent/engine/unix_http.h"

namespace edge {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What the server does once it has read a request: write `parts` in turn, pausing `pause`
// between them, then close the connection or hold it open until the client closes.
struct Script {
    std::vector<std::string> parts;
    milliseconds pause{0};
    bool hold_open = false;
};

// Serves one connection on a fresh unix socket, from a thread, following a Script.
class ScriptedServer {
  public:
    explicit ScriptedServer(Script script) : script_(std::move(script)) {
        char dir_template[] = "/tmp/edge-http-test-XXXXXX";
        dir_ = ::mkdtemp(dir_template);
        path_ = dir_ + "/engine.sock";
        listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path_.c_str());
        bound_ = ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                 ::listen(listener_, 1) == 0;
        thread_ = std::thread([this] { serve(); });
    }
    ~ScriptedServer() {
        thread_.join();
        ::close(listener_);
        std::filesystem::remove_all(dir_);
    }

    bool bound() const { return bound_; }
    const std::string& path() const { return path_; }
    // The request as the server read it (head and body); valid once the client call returned
    // and the server closed, which the destructor waits for.
    std::string request() {
        thread_.join();
        thread_ = std::thread([] {});
        return request_;
    }

  private:
    void serve() {
        pollfd waiting{.fd = listener_, .events = POLLIN, .revents = 0};
        if (::poll(&waiting, 1, 5000) <= 0) return;
        int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0) return;
        read_request(client);
        for (size_t i = 0; i < script_.parts.size(); ++i) {
            if (i > 0) std::this_thread::sleep_for(script_.pause);
            if (::send(client, script_.parts[i].data(), script_.parts[i].size(), MSG_NOSIGNAL) < 0)
                break;
        }
        if (script_.hold_open) {
            // Until the client hangs up (bounded, so a broken test cannot hang).
            char byte;
            pollfd peer{.fd = client, .events = POLLIN, .revents = 0};
            if (::poll(&peer, 1, 10000) > 0) (void)!::read(client, &byte, 1);
        }
        ::close(client);
    }

    // Reads the head and, when it announces one, a body of Content-Length bytes.
    void read_request(int client) {
        char buffer[4096];
        size_t wanted = std::string::npos;
        while (request_.size() < wanted) {
            pollfd peer{.fd = client, .events = POLLIN, .revents = 0};
            if (::poll(&peer, 1, 5000) <= 0) return;
            ssize_t n = ::read(client, buffer, sizeof(buffer));
            if (n <= 0) return;
            request_.append(buffer, static_cast<size_t>(n));
            size_t head_end = request_.find("\r\n\r\n");
            if (head_end == std::string::npos) continue;
            size_t length = 0;
            size_t field = request_.find("Content-Length: ");
            if (field != std::string::npos && field < head_end) {
                length = std::strtoul(request_.c_str() + field + 16, nullptr, 10);
            }
            wanted = head_end + 4 + length;
        }
    }

    Script script_;
    std::string dir_;
    std::string path_;
    int listener_ = -1;
    bool bound_ = false;
    std::thread thread_;
    std::string request_;
};

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(UnixHttpClientTest, ReadsAContentLengthBodyAndSendsAPlainRequest) {
    ScriptedServer server(
        {.parts = {"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello", " world"},
         .pause = milliseconds(50)});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.path = "/v1.41/_ping?x=1"});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello world");
    std::string request = server.request();
    EXPECT_EQ(request.rfind("GET /v1.41/_ping?x=1 HTTP/1.1\r\n", 0), 0u) << request;
    EXPECT_NE(request.find("\r\nHost: localhost\r\n"), std::string::npos) << request;
    EXPECT_NE(request.find("\r\nConnection: close\r\n"), std::string::npos) << request;
    EXPECT_EQ(request.find("Content-Length"), std::string::npos) << request;
}

TEST(UnixHttpClientTest, PostsItsBodyWithTypeAndLength) {
    ScriptedServer server({.parts = {"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"}});
    ASSERT_TRUE(server.bound());
    auto response =
        UnixHttpClient(server.path())
            .send({.method = "POST", .path = "/containers/create", .body = R"({"a":1})"});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 201);
    std::string request = server.request();
    EXPECT_EQ(request.rfind("POST /containers/create HTTP/1.1\r\n", 0), 0u) << request;
    EXPECT_NE(request.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
    EXPECT_NE(request.find("\r\nContent-Length: 7\r\n"), std::string::npos);
    EXPECT_EQ(request.substr(request.size() - 7), R"({"a":1})");
}

TEST(UnixHttpClientTest, AnEmptyPostStillSaysItsLength) {
    ScriptedServer server({.parts = {"HTTP/1.1 204 No Content\r\n\r\n"}});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.method = "POST", .path = "/x/start"});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 204);
    EXPECT_NE(server.request().find("\r\nContent-Length: 0\r\n"), std::string::npos);
}

TEST(UnixHttpClientTest, ReadsABodyThatEndsWhenTheServerCloses) {
    ScriptedServer server({.parts = {"HTTP/1.1 404 Not Found\r\n\r\n{\"message\":", "\"gone\"}"},
                           .pause = milliseconds(50)});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.path = "/containers/x/json"});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 404);
    EXPECT_EQ(response->body, R"({"message":"gone"})");
}

TEST(UnixHttpClientTest, StreamsTheLinesOfAChunkedBody) {
    ScriptedServer server(
        {.parts = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "6\r\n{\"a\":1\r\n",
                   "9\r\n}\n{\"b\":2}\r\n", "8\r\n\n{\"c\":3}\r\n", "0\r\n\r\n"},
         .pause = milliseconds(20)});
    ASSERT_TRUE(server.bound());
    std::vector<std::string> lines;
    auto response = UnixHttpClient(server.path())
                        .send_streaming({.method = "POST", .path = "/images/create"},
                                        [&](std::string_view line) { lines.emplace_back(line); });
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "");
    // The last line had no newline; it is still handed over.
    EXPECT_EQ(lines, (std::vector<std::string>{R"({"a":1})", R"({"b":2})", R"({"c":3})"}));
}

TEST(UnixHttpClientTest, BuffersTheBodyOfAFailedStreamingCall) {
    ScriptedServer server({.parts = {"HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nbad\n"}});
    ASSERT_TRUE(server.bound());
    int calls = 0;
    auto response = UnixHttpClient(server.path())
                        .send_raw_streaming(
                            {.path = "/events"}, [&](std::string_view) { return ++calls > 0; },
                            [] { return true; });
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 500);
    EXPECT_EQ(response->body, "bad\n");
    EXPECT_EQ(calls, 0);
}

TEST(UnixHttpClientTest, ARawStreamStopsWhenItsConsumerSaysSo) {
    ScriptedServer server({.parts = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                     "5\r\nfirst\r\n", "6\r\nsecond\r\n"},
                           .pause = milliseconds(50),
                           .hold_open = true});
    ASSERT_TRUE(server.bound());
    std::string seen;
    auto start = Clock::now();
    auto response = UnixHttpClient(server.path())
                        .send_raw_streaming(
                            {.path = "/logs", .timeout_seconds = 0, .allow_idle = true},
                            [&](std::string_view data) {
                                seen.append(data);
                                return seen.size() < 11;
                            },
                            [] { return true; });
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(seen, "firstsecond");
    EXPECT_LT(seconds_since(start), 2.0);
}

TEST(UnixHttpClientTest, AnIdleRawStreamEndsWhenKeepGoingTurnsFalse) {
    ScriptedServer server(
        {.parts = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}, .hold_open = true});
    ASSERT_TRUE(server.bound());
    auto start = Clock::now();
    std::atomic<int> asked = 0;
    auto response = UnixHttpClient(server.path())
                        .send_raw_streaming(
                            {.path = "/events", .timeout_seconds = 0, .allow_idle = true},
                            [](std::string_view) { return true; },
                            [&] {
                                ++asked;
                                return seconds_since(start) < 1.5;
                            });
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    // Nothing arrived after the head, yet keep_going was asked about once a second.
    double elapsed = seconds_since(start);
    EXPECT_GE(elapsed, 1.5);
    EXPECT_LT(elapsed, 3.0);
    EXPECT_GE(asked.load(), 2);
}

TEST(UnixHttpClientTest, FailsWhenTheServerStallsPastTheTimeout) {
    ScriptedServer server(
        {.parts = {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"}, .hold_open = true});
    ASSERT_TRUE(server.bound());
    auto start = Clock::now();
    auto response = UnixHttpClient(server.path()).send({.path = "/slow", .timeout_seconds = 1});
    ASSERT_FALSE(response.ok());
    EXPECT_NE(response.error().message.find("GET /slow via " + server.path() + ": timed out"),
              std::string::npos)
        << response.error().message;
    double elapsed = seconds_since(start);
    EXPECT_GE(elapsed, 0.9);
    EXPECT_LT(elapsed, 3.0);
}

TEST(UnixHttpClientTest, FailsWhenTheBodyIsCutShort) {
    ScriptedServer server({.parts = {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"}});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.path = "/cut"});
    ASSERT_FALSE(response.ok());
    EXPECT_NE(response.error().message.find("closed before the response ended"), std::string::npos)
        << response.error().message;
}

TEST(UnixHttpClientTest, FailsOnAResponseThatIsNotHttp) {
    ScriptedServer server({.parts = {"SSH-2.0-OpenSSH_9.2\r\n"}});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.path = "/"});
    ASSERT_FALSE(response.ok());
    EXPECT_NE(response.error().message.find("malformed response"), std::string::npos)
        << response.error().message;
}

TEST(UnixHttpClientTest, NamesTheSocketItCannotConnectTo) {
    auto response = UnixHttpClient("/tmp/edge-no-such-dir/engine.sock").send({.path = "/_ping"});
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().message,
              "GET /_ping via /tmp/edge-no-such-dir/engine.sock: cannot connect: No such file or "
              "directory");
}

// The stall limit (120 s in UnixHttpClient) on a scale a test can wait for.
TEST(ExchangeHttpTest, FailsATransferThatStallsWithoutAnOverallLimit) {
    ScriptedServer server(
        {.parts = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "3\r\nabc\r\n"},
         .pause = milliseconds(100),
         .hold_open = true});
    ASSERT_TRUE(server.bound());
    auto connection = connect_unix(server.path(), Clock::now() + std::chrono::seconds(2));
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    struct Collect : ResponseSink {
        long status = 0;
        std::string body;
        void on_status(long s) override { status = s; }
        bool on_body(std::string_view data) override {
            body.append(data);
            return true;
        }
    } sink;
    auto start = Clock::now();
    auto outcome = exchange_http(connection->get(), {.target = "/pull", .host = "localhost"},
                                 {.stall_limit = milliseconds(400)}, sink);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().message.rfind("stalled", 0), 0u) << outcome.error().message;
    EXPECT_EQ(sink.status, 200);
    EXPECT_EQ(sink.body, "abc");
    double elapsed = seconds_since(start);
    EXPECT_GE(elapsed, 0.45);
    EXPECT_LT(elapsed, 2.0);
}

TEST(ExchangeHttpTest, SkipsAnInterimContinueResponse) {
    ScriptedServer server({.parts = {"HTTP/1.1 100 Continue\r\n\r\n",
                                     "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
                           .pause = milliseconds(20)});
    ASSERT_TRUE(server.bound());
    auto response = UnixHttpClient(server.path()).send({.path = "/"});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "ok");
}

}  // namespace
}  // namespace edge
