#include "hub/notify/webhook_config.h"

#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

#include "core/reconcile/health.h"

namespace edge {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) {
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> list;
    std::istringstream in(text);
    std::string word;
    while (in >> word) list.push_back(word);
    return list;
}

bool valid_kind(const std::string& kind) {
    if (kind.empty() || kind.size() > 64) return false;
    for (char c : kind) {
        if (!((c >= 'a' && c <= 'z') || c == '-' || c == '_')) return false;
    }
    return true;
}

}  // namespace

const char* to_string(WebhookFormat format) {
    switch (format) {
        case WebhookFormat::kNtfy:
            return "ntfy";
        case WebhookFormat::kGotify:
            return "gotify";
        case WebhookFormat::kSlack:
            return "slack";
        case WebhookFormat::kDiscord:
            return "discord";
    }
    return "ntfy";
}

Result<Webhook> parse_webhook(const std::string& spec) {
    auto fail = [&](const std::string& why) {
        return make_error("webhook \"" + spec + "\": " + why +
                          " (expected FORMAT URL [events=KIND,...] [timeout=DURATION] "
                          "[retries=N])");
    };
    std::vector<std::string> parts = words(spec);
    if (parts.size() < 2) return fail("needs a format and a URL");
    Webhook webhook;
    const std::string& format = parts[0];
    if (format == "ntfy") {
        webhook.format = WebhookFormat::kNtfy;
    } else if (format == "gotify") {
        webhook.format = WebhookFormat::kGotify;
    } else if (format == "slack") {
        webhook.format = WebhookFormat::kSlack;
    } else if (format == "discord") {
        webhook.format = WebhookFormat::kDiscord;
    } else {
        return fail("unknown format \"" + format + "\"; use ntfy, gotify, slack or discord");
    }
    webhook.url = parts[1];
    if (webhook.url.rfind("http://", 0) != 0 && webhook.url.rfind("https://", 0) != 0) {
        return fail("the URL must start with http:// or https://");
    }
    if (webhook.url.size() > 2048) return fail("the URL is longer than 2048 characters");
    std::string events = kDefaultWebhookEvents;
    for (size_t i = 2; i < parts.size(); ++i) {
        const std::string& option = parts[i];
        size_t equals = option.find('=');
        if (equals == std::string::npos) return fail("\"" + option + "\" is not KEY=VALUE");
        std::string key = option.substr(0, equals);
        std::string value = option.substr(equals + 1);
        if (key == "events") {
            events = value;
        } else if (key == "timeout") {
            auto ms = parse_compose_duration(value);
            if (!ms) return fail("timeout: " + ms.error().message);
            if (*ms < 100 || *ms > 120000) return fail("timeout must be from 100ms to 2m");
            webhook.timeout_ms = *ms;
        } else if (key == "retries") {
            int retries = -1;
            auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), retries);
            if (error != std::errc() || end != value.data() + value.size() || retries < 0 ||
                retries > 10) {
                return fail("retries must be a number from 0 to 10, got \"" + value + "\"");
            }
            webhook.retries = retries;
        } else {
            return fail("unknown option \"" + key + "\"");
        }
    }
    if (events != "all") {
        for (const auto& kind : split(events, ',')) {
            if (!valid_kind(kind)) return fail("\"" + kind + "\" is not an event kind");
            webhook.kinds.insert(kind);
        }
        if (webhook.kinds.empty()) return fail("events= names no event kind");
    }
    return webhook;
}

bool webhook_wants(const Webhook& webhook, const std::string& kind) {
    return webhook.kinds.empty() || webhook.kinds.contains(kind);
}

std::string loggable_url(const Webhook& webhook) {
    const std::string& url = webhook.url;
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "<webhook>";
    size_t host_start = scheme_end + 3;
    size_t path_start = url.find_first_of("/?#", host_start);
    std::string authority = url.substr(
        host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
    if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
    std::string origin = url.substr(0, host_start) + authority;
    if (webhook.format == WebhookFormat::kSlack || webhook.format == WebhookFormat::kDiscord ||
        path_start == std::string::npos) {
        return origin;
    }
    size_t path_end = url.find_first_of("?#", path_start);
    return origin + url.substr(path_start, path_end == std::string::npos ? std::string::npos
                                                                         : path_end - path_start);
}

namespace {

std::string percent_decoded(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
            std::isxdigit(text[i + 2])) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

Result<UrlParts> split_url(const std::string& url) {
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return make_error("not a URL: no scheme");
    std::string scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") {
        return make_error("scheme " + scheme + " is not http or https");
    }
    size_t host_start = scheme_end + 3;
    size_t path_start = url.find_first_of("/?#", host_start);
    std::string authority = url.substr(
        host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
    UrlParts parts;
    if (size_t at = authority.rfind('@'); at != std::string::npos) {
        std::string user_info = authority.substr(0, at);
        authority.erase(0, at + 1);
        size_t colon = user_info.find(':');
        parts.user = percent_decoded(user_info.substr(0, colon));
        if (colon != std::string::npos)
            parts.password = percent_decoded(user_info.substr(colon + 1));
    }
    if (authority.empty()) return make_error("the URL names no host");
    parts.origin = scheme + "://" + authority;
    if (path_start != std::string::npos) {
        parts.target = url.substr(path_start, url.find('#', path_start) - path_start);
    }
    if (parts.target.empty() || parts.target[0] != '/') parts.target = "/" + parts.target;
    return parts;
}

}  // namespace edge
