// agent/files/: what the agent keeps on disk besides its desired set: shipped files and
// configs (a content-addressed cache under the state directory), node-local data directories,
// and secrets (on a tmpfs only); and how it fetches them from the hub (docs/compose-files.md).
//
// FileFetcher: one fetch at a time over the node's own fetch topics (schema/topics.h), as a
// blocking call with a deadline. The reconcile thread calls fetch(); the MQTT network thread
// hands each payload of the fetched topic to deliver().
// Thread-safety: fetch() from one thread at a time; deliver() from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "schema/fetch_messages.h"

namespace edge {

class FileFetcher {
  public:
    // Sends one request payload; fails when the broker is not reachable.
    using Publish = std::function<Status(const std::string& payload)>;

    explicit FileFetcher(Publish publish,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10))
        : publish_(std::move(publish)), timeout_(timeout) {}

    // The hub's answer, or an error when it refused, did not answer in time, or the broker is
    // unreachable.
    Result<std::string> fetch(const std::string& kind, const std::string& key,
                              int64_t* version = nullptr);
    void deliver(std::string_view payload);

  private:
    Publish publish_;
    std::chrono::milliseconds timeout_;
    std::mutex mutex_;
    std::condition_variable answered_;
    uint64_t next_id_ = 1;                 // GUARDED_BY(mutex_)
    std::string waiting_for_;              // GUARDED_BY(mutex_): the id of the open request
    std::optional<FetchResponse> answer_;  // GUARDED_BY(mutex_)
};

}  // namespace edge
