#include "agent/files/file_fetcher.h"

namespace edge {

Result<std::string> FileFetcher::fetch(const std::string& kind, const std::string& key,
                                       int64_t* version) {
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = "f" + std::to_string(next_id_++);
        waiting_for_ = id;
        answer_.reset();
    }
    if (Status sent = publish_(encode_fetch_request({id, kind, key})); !sent) {
        return make_error("cannot ask the hub for " + kind + " " + key + ": " +
                          sent.error().message);
    }
    std::unique_lock lock(mutex_);
    bool got = answered_.wait_for(lock, timeout_, [&] { return answer_.has_value(); });
    waiting_for_.clear();
    if (!got) return make_error("the hub did not send " + kind + " " + key + " in time");
    FetchResponse response = std::move(*answer_);
    answer_.reset();
    if (!response.ok)
        return make_error("the hub refused " + kind + " " + key + ": " + response.error);
    if (version != nullptr) *version = response.version;
    return std::move(response.data);
}

void FileFetcher::deliver(std::string_view payload) {
    auto response = decode_fetch_response(payload);
    if (!response) return;  // malformed: the fetch times out and the next pass retries
    std::lock_guard lock(mutex_);
    // A late answer to an abandoned request is dropped.
    if (response->id != waiting_for_) return;
    answer_ = std::move(*response);
    answered_.notify_all();
}

}  // namespace edge
