#include "hub/notify/webhook_format.h"

#include <algorithm>

namespace edge {

namespace {

std::string title_of(const Event& event) {
    return "edgeorch " + event.kind + (event.subject.empty() ? "" : ": " + event.subject);
}

// Header values must stay on one line whatever a subject contains.
std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\r', ' ');
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

// Problems a person should act on get a higher priority on their phone.
bool is_urgent(const Event& event) {
    return event.kind == "oom" || event.kind == "restart" ||
           (event.kind == "node" && event.message.find("down") != std::string::npos) ||
           event.kind == "rollout";
}

}  // namespace

WebhookRequest webhook_request(WebhookFormat format, const Event& event) {
    using nlohmann::json;
    std::string text = title_of(event) + ": " + event.message;
    auto dump = [](const json& body) {
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    switch (format) {
        case WebhookFormat::kNtfy:
            return {"text/plain; charset=utf-8",
                    {"Title: " + one_line(title_of(event)),
                     std::string("Priority: ") + (is_urgent(event) ? "high" : "default"),
                     "Tags: " + one_line(event.kind)},
                    event.message};
        case WebhookFormat::kGotify:
            return {"application/json",
                    {},
                    dump({{"title", title_of(event)},
                          {"message", event.message},
                          {"priority", is_urgent(event) ? 8 : 4}})};
        case WebhookFormat::kSlack:
            return {"application/json", {}, dump({{"text", text}})};
        case WebhookFormat::kDiscord:
            // Discord refuses content over 2000 characters.
            return {"application/json", {}, dump({{"content", text.substr(0, 2000)}})};
    }
    return {"text/plain; charset=utf-8", {}, text};
}

int64_t webhook_retry_delay_ms(int attempt) {
    int64_t delay = 500;
    for (int i = 1; i < attempt && delay < 30000; ++i) delay *= 2;
    return std::min<int64_t>(delay, 30000);
}

}  // namespace edge
