// MountPreparer: turns what a desired container names by hash, name or relative path into host
// paths the engine can bind, just before the container is created (docs/compose-files.md):
//   - shipped file / directory: the content-addressed cache <state>/files/blobs/<sha256> and
//     <state>/files/trees/<sha256>/, fetched from the hub once, verified, kept on disk so a
//     rebooted node with the hub down still has it; bound read-only;
//   - node-local data: <state>/data/<stack>/<path>, made on first start and never removed;
//   - config: the cached blob copied once per owner and mode to <state>/files/configs/;
//   - secret: fetched from the hub for each new container and written only to the secrets
//     tmpfs (agent/files/secret_tmpfs.h), as <tmpfs>/<container>/<name>; bound read-only.
// The spec hash is the hub's and stays as it was: only the engine's create body changes.
// Thread-safety: not thread-safe; the agent's reconcile thread only.
#pragma once

#include <functional>
#include <string>

#include "core/model.h"
#include "core/result.h"

namespace edge {

class MountPreparer {
  public:
    // (kind, key, version out) -> content, as FileFetcher::fetch.
    using Fetch = std::function<Result<std::string>(const std::string& kind, const std::string& key,
                                                    int64_t* version)>;
    // Where secrets may be written: a tmpfs directory, or an error saying why there is none.
    using SecretDir = std::function<Result<std::string>()>;

    MountPreparer(std::string state_dir, Fetch fetch, SecretDir secret_dir)
        : state_dir_(std::move(state_dir)),
          fetch_(std::move(fetch)),
          secret_dir_(std::move(secret_dir)) {}

    // `container_name`: the engine name of the container about to be created.
    Result<DesiredContainer> prepare(const DesiredContainer& container,
                                     const std::string& container_name);

    // Where a node-local data directory of a stack lives.
    std::string data_dir(const std::string& stack, const std::string& path) const;

  private:
    Result<std::string> cached_blob(const std::string& hash);
    Result<std::string> cached_tree(const std::string& hash);
    Result<std::string> config_file(const FileReference& config);
    Result<std::string> secret_file(const FileReference& secret, const std::string& container_name);

    std::string state_dir_;
    Fetch fetch_;
    SecretDir secret_dir_;
};

}  // namespace edge
