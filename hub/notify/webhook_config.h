// Webhooks the hub posts chosen events to, as written in its configuration: one line per
// webhook, `FORMAT URL [events=KIND,...] [timeout=DURATION] [retries=N]`, e.g.
//   webhook = ["ntfy https://ntfy.sh/my-homelab events=node,oom",
//              "gotify https://gotify.lan/message?token=AbC events=all retries=5",
//              "slack https://hooks.slack.com/services/T/B/X"]
// FORMAT is ntfy (plain text body), gotify (JSON title/message/priority), slack ({"text"}) or
// discord ({"content"}). The event kinds default to the ones a person wants on a phone.
// Thread-safety: pure functions and plain values.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "core/result.h"

namespace edge {

enum class WebhookFormat { kNtfy, kGotify, kSlack, kDiscord };

struct Webhook {
    WebhookFormat format = WebhookFormat::kNtfy;
    std::string url;
    std::set<std::string> kinds;  // event kinds to post; empty means every kind
    int64_t timeout_ms = 5000;
    int retries = 3;  // further attempts after a failed one, with doubling back-off
    bool operator==(const Webhook&) const = default;
};

// What is posted when the configuration names no events: what needs a person's attention.
inline constexpr const char* kDefaultWebhookEvents = "node,oom,restart,health,rollout,job-failed";

// Parses one webhook line; errors name the line's offending part.
Result<Webhook> parse_webhook(const std::string& spec);

bool webhook_wants(const Webhook& webhook, const std::string& kind);

// The URL as logs may show it: without its query, user info or fragment, where tokens live
// (Gotify's ?token=..., a Slack or Discord URL's secret path stays: it is the endpoint itself,
// so only the host is shown for those).
std::string loggable_url(const Webhook& webhook);

// A webhook URL split the way an HTTP client takes it:
// "https://user:pw@hooks.example:8443/path?q=1" -> origin "https://hooks.example:8443",
// target "/path?q=1", user "user", password "pw" (user info percent-decoded, as a browser
// sends it in Basic authentication). The fragment is never sent.
struct UrlParts {
    std::string origin;
    std::string target;
    std::string user;
    std::string password;
};
Result<UrlParts> split_url(const std::string& url);

const char* to_string(WebhookFormat format);

}  // namespace edge
