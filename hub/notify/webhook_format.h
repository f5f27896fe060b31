// The HTTP request a webhook gets for one event, per format: ntfy takes the text as the body
// and a Title header; Gotify a JSON {title, message, priority}; Slack {"text"}; Discord
// {"content"}. Pure, so every format is tested without a server.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "hub/notify/webhook_config.h"
#include "schema/messages.h"

namespace edge {

struct WebhookRequest {
    std::string content_type;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
};

WebhookRequest webhook_request(WebhookFormat format, const Event& event);

// Milliseconds to wait before attempt `attempt` (1 = the first retry): 500 ms doubling, at most
// 30 s, so a webhook that is down is not hammered.
int64_t webhook_retry_delay_ms(int attempt);

}  // namespace edge
