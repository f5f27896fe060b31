#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "hub/notify/webhook_config.h"
#include "hub/notify/webhook_format.h"
#include "hub/notify/webhook_sender.h"

namespace edge {
namespace {

using nlohmann::json;

TEST(WebhookConfig, ParsesEveryFormatWithDefaults) {
    auto ntfy = parse_webhook("ntfy https://ntfy.sh/homelab");
    ASSERT_TRUE(ntfy.ok()) << ntfy.error().message;
    EXPECT_EQ(ntfy->format, WebhookFormat::kNtfy);
    EXPECT_EQ(ntfy->url, "https://ntfy.sh/homelab");
    EXPECT_TRUE(webhook_wants(*ntfy, "oom"));
    EXPECT_TRUE(webhook_wants(*ntfy, "node"));
    EXPECT_FALSE(webhook_wants(*ntfy, "rejected"));
    // Jobs (docs/jobs.md): failures by default, successes when asked.
    EXPECT_TRUE(webhook_wants(*ntfy, "job-failed"));
    EXPECT_FALSE(webhook_wants(*ntfy, "job"));
    EXPECT_TRUE(webhook_wants(*parse_webhook("ntfy https://ntfy.sh/homelab events=job"), "job"));
    EXPECT_EQ(ntfy->timeout_ms, 5000);
    EXPECT_EQ(ntfy->retries, 3);
    EXPECT_EQ(parse_webhook("gotify http://g/message?token=x")->format, WebhookFormat::kGotify);
    EXPECT_EQ(parse_webhook("slack https://hooks.slack.com/x")->format, WebhookFormat::kSlack);
    EXPECT_EQ(parse_webhook("discord https://discord.com/api/x")->format, WebhookFormat::kDiscord);
}

TEST(WebhookConfig, ParsesOptions) {
    auto hook =
        parse_webhook("  ntfy   http://127.0.0.1:9/t  events=oom,node timeout=1s retries=0 ");
    ASSERT_TRUE(hook.ok()) << hook.error().message;
    EXPECT_EQ(hook->kinds, (std::set<std::string>{"oom", "node"}));
    EXPECT_EQ(hook->timeout_ms, 1000);
    EXPECT_EQ(hook->retries, 0);
    EXPECT_TRUE(webhook_wants(*parse_webhook("ntfy http://x events=all"), "rejected"));
}

TEST(WebhookConfig, LogsShowNoTokens) {
    EXPECT_EQ(loggable_url(*parse_webhook("gotify http://gotify.lan:8080/message?token=AbC")),
              "http://gotify.lan:8080/message");
    EXPECT_EQ(loggable_url(*parse_webhook("ntfy https://user:secret@ntfy.sh/homelab#x")),
              "https://ntfy.sh/homelab");
    EXPECT_EQ(loggable_url(*parse_webhook("slack https://hooks.slack.com/services/T0/B0/XyZ")),
              "https://hooks.slack.com");
    EXPECT_EQ(loggable_url(*parse_webhook("discord https://discord.com/api/webhooks/1/tok")),
              "https://discord.com");
    EXPECT_EQ(loggable_url(*parse_webhook("ntfy http://127.0.0.1:9")), "http://127.0.0.1:9");
}

TEST(WebhookConfig, RefusesBadLines) {
    struct Case {
        const char* spec;
        const char* error;
    };
    for (const Case& c : std::vector<Case>{
             {"", "needs a format and a URL"},
             {"ntfy", "needs a format and a URL"},
             {"teams https://x", "unknown format \"teams\""},
             {"ntfy ftp://x", "must start with http:// or https://"},
             {"ntfy https://x events=", "names no event kind"},
             {"ntfy https://x events=OOM", "\"OOM\" is not an event kind"},
             {"ntfy https://x timeout=soon", "timeout: expected a duration"},
             {"ntfy https://x timeout=10ms", "timeout must be from 100ms to 2m"},
             {"ntfy https://x retries=-1", "retries must be a number from 0 to 10"},
             {"ntfy https://x retries=99", "retries must be a number from 0 to 10"},
             {"ntfy https://x priority=5", "unknown option \"priority\""},
             {"ntfy https://x loud", "\"loud\" is not KEY=VALUE"},
         }) {
        auto parsed = parse_webhook(c.spec);
        ASSERT_FALSE(parsed.ok()) << c.spec;
        EXPECT_NE(parsed.error().message.find(c.error), std::string::npos)
            << c.spec << ": " << parsed.error().message;
    }
}

Event oom_event() {
    return {7, 1000, "oom", "demo/web", "web.1 on pi-1 OOM-killed 1× in 1 min (limit 64 MiB)"};
}

TEST(WebhookFormat, NtfyIsPlainTextWithATitle) {
    WebhookRequest request = webhook_request(WebhookFormat::kNtfy, oom_event());
    EXPECT_EQ(request.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(request.body, oom_event().message);
    EXPECT_EQ(request.headers, (std::vector<std::string>{"Title: edgeorch oom: demo/web",
                                                         "Priority: high", "Tags: oom"}));
    Event sneaky = oom_event();
    sneaky.subject = "a\r\nX-Injected: 1";
    for (const auto& header : webhook_request(WebhookFormat::kNtfy, sneaky).headers) {
        EXPECT_EQ(header.find('\n'), std::string::npos) << header;
    }
}

TEST(WebhookFormat, JsonFormats) {
    json gotify = json::parse(webhook_request(WebhookFormat::kGotify, oom_event()).body);
    EXPECT_EQ(gotify["title"], "edgeorch oom: demo/web");
    EXPECT_EQ(gotify["message"], oom_event().message);
    EXPECT_EQ(gotify["priority"], 8);
    json slack = json::parse(webhook_request(WebhookFormat::kSlack, oom_event()).body);
    EXPECT_EQ(slack["text"], "edgeorch oom: demo/web: " + oom_event().message);
    json discord = json::parse(webhook_request(WebhookFormat::kDiscord, oom_event()).body);
    EXPECT_EQ(discord["content"], slack["text"]);
    Event node{1, 1, "node", "pi-1", "ready -> unreachable: no heartbeat"};
    EXPECT_EQ(json::parse(webhook_request(WebhookFormat::kGotify, node).body)["priority"], 4);
}

TEST(WebhookFormat, BackOffDoublesUpToHalfAMinute) {
    EXPECT_EQ(webhook_retry_delay_ms(1), 500);
    EXPECT_EQ(webhook_retry_delay_ms(2), 1000);
    EXPECT_EQ(webhook_retry_delay_ms(3), 2000);
    EXPECT_EQ(webhook_retry_delay_ms(20), 30000);
}

// Waits up to two seconds for `done`.
template <typename Fn>
bool eventually(Fn done) {
    for (int i = 0; i < 200; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

TEST(WebhookSender, RetriesAFailingWebhookAndFiltersKinds) {
    auto hook = *parse_webhook("slack http://127.0.0.1:1/x events=oom retries=1");
    std::atomic<int> calls{0};
    std::atomic<int> delivered{0};
    WebhookSender sender({hook},
                         [&](const Webhook&, const WebhookRequest& request) -> Result<long> {
                             if (calls++ == 0) return make_error("connection refused");
                             EXPECT_NE(request.body.find("OOM-killed"), std::string::npos);
                             ++delivered;
                             return 200L;
                         });
    sender.post({1, 1, "placement", "demo/web", "placed"});  // not wanted
    sender.post(oom_event());
    EXPECT_TRUE(eventually([&] { return delivered.load() == 1; }));
    EXPECT_EQ(calls.load(), 2);
}

TEST(WebhookSender, AHangingWebhookNeverBlocksPostOrShutdown) {
    auto hook = *parse_webhook("ntfy http://127.0.0.1:1/x retries=10");
    std::atomic<int> calls{0};
    auto started = std::chrono::steady_clock::now();
    {
        WebhookSender sender({hook}, [&](const Webhook&, const WebhookRequest&) -> Result<long> {
            ++calls;
            return 503L;
        });
        for (int i = 0; i < 5000; ++i) sender.post(oom_event());  // over kMaxQueued: bounded
        EXPECT_TRUE(eventually([&] { return calls.load() >= 1; }));
    }  // the destructor interrupts the back-off
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(WebhookUrl, SplitsOriginTargetAndUserInfo) {
    auto parts = split_url("https://bot:s%40cret@hooks.example:8443/notify/x?token=t#frag");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    EXPECT_EQ(parts->origin, "https://hooks.example:8443");
    EXPECT_EQ(parts->target, "/notify/x?token=t");
    EXPECT_EQ(parts->user, "bot");
    EXPECT_EQ(parts->password, "s@cret");

    parts = split_url("http://ntfy.lan");
    ASSERT_TRUE(parts.ok());
    EXPECT_EQ(parts->origin, "http://ntfy.lan");
    EXPECT_EQ(parts->target, "/");
    EXPECT_TRUE(parts->user.empty());
    EXPECT_EQ(split_url("http://ntfy.lan?topic=a")->target, "/?topic=a");

    EXPECT_FALSE(split_url("ftp://files.lan/x").ok());
    EXPECT_FALSE(split_url("hooks.example/x").ok());
    EXPECT_FALSE(split_url("https:///x").ok());
}

// The real transport against a real HTTP server on loopback: method, target, headers, Basic
// authentication from the URL, body, and the answer's status; then a refused connection.
TEST(WebhookSender, PostsOverRealHttp) {
    httplib::Server server;
    std::string seen_target, seen_auth, seen_title, seen_type, seen_body;
    server.Post("/hook", [&](const httplib::Request& request, httplib::Response& response) {
        seen_target = request.target;
        seen_auth = request.get_header_value("Authorization");
        seen_title = request.get_header_value("Title");
        seen_type = request.get_header_value("Content-Type");
        seen_body = request.body;
        response.status = 202;
    });
    int port = server.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    std::thread serving([&] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    auto hook = *parse_webhook("ntfy http://user:pw@127.0.0.1:" + std::to_string(port) +
                               "/hook?x=1 timeout=2s");
    WebhookRequest request{"text/plain", {"Title: edgeorch: oom"}, "demo/web was OOM-killed"};
    auto status = WebhookSender::post_http(hook, request);
    server.stop();
    serving.join();
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ(*status, 202);
    EXPECT_EQ(seen_target, "/hook?x=1");
    EXPECT_EQ(seen_auth, "Basic dXNlcjpwdw==");  // user:pw
    EXPECT_EQ(seen_title, "edgeorch: oom");
    EXPECT_EQ(seen_type, "text/plain");
    EXPECT_EQ(seen_body, "demo/web was OOM-killed");

    // Nothing listens there any more: an error, not a status.
    EXPECT_FALSE(WebhookSender::post_http(hook, request).ok());
}

}  // namespace
}  // namespace edge
