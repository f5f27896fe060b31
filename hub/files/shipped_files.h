// The files a deploy ships (docs/compose-files.md): the hub checks each against the hash it
// claims, checks that every shipped mount and defined config of the stack has its content
// (sent now or stored by an earlier deploy, directory manifests included), and stores the new blobs
// before the stack that references them is committed. Thread-safety: none; the hub's worker thread.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "hub/store/store.h"

namespace edge {

// Most bytes of shipped content one deploy request may carry: edgectl's default limit is far
// below; this only bounds what a hostile or broken client can make the hub store.
inline constexpr int64_t kMaxShippedBytesPerDeploy = 64LL * 1024 * 1024;

// `files` is the deploy request's "files" ([{"hash","data" (base64)}], or null). Fails, storing
// nothing, on a bind still relative to a compose file, a hash that does not match its data,
// or a shipped mount whose content the hub does not have.
Status store_shipped_files(Store& store, const StackSpec& stack, const nlohmann::json& files,
                           int64_t now_ms);

// Every blob hash `containers` may fetch: their configs' and shipped mounts' hashes and, for
// directories, the hashes their manifests list (read from the store).
Result<std::set<std::string>> referenced_blobs(Store& store,
                                               const std::vector<DesiredContainer>& containers);

}  // namespace edge
