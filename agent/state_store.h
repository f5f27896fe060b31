// StateStore: where the agent keeps the last desired set it accepted, so that a node that
// reboots while the hub or broker is down brings its containers back on its own (design
// invariant 3). Only this is persisted: everything else is recovered by observing the engine.
// FileStateStore keeps it in <dir>/desired.json, written atomically and only when it changed,
// which keeps SD-card writes rare.
// Thread-safety: not thread-safe; the agent calls it from its reconcile thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/model.h"
#include "core/result.h"

namespace edge {

class StateStore {
  public:
    virtual ~StateStore() = default;
    // The stored set; nullopt when nothing was ever stored. A corrupt store is an error.
    virtual Result<std::optional<DesiredSet>> load() = 0;
    virtual Status save(const DesiredSet& set) = 0;
};

class FileStateStore : public StateStore {
  public:
    // Creates `dir` when missing.
    static Result<std::unique_ptr<FileStateStore>> open(const std::string& dir);

    Result<std::optional<DesiredSet>> load() override;
    // Writes a temporary file, fsyncs it, renames it over desired.json and fsyncs the
    // directory, so a power cut leaves either the old or the new set, never a torn one.
    // Skips the write when the stored content is already identical.
    Status save(const DesiredSet& set) override;

    std::string path() const { return dir_ + "/desired.json"; }
    // How many times save() actually wrote; for tests and the write-rarely promise.
    int writes() const { return writes_; }

  private:
    explicit FileStateStore(std::string dir) : dir_(std::move(dir)) {}

    std::string dir_;
    std::optional<std::string> last_written_;  // content known to be on disk
    int writes_ = 0;
};

// An in-memory store for tests of the agent's logic.
class MemoryStateStore : public StateStore {
  public:
    Result<std::optional<DesiredSet>> load() override { return stored_; }
    Status save(const DesiredSet& set) override {
        stored_ = set;
        ++saves_;
        return ok_status();
    }
    int saves() const { return saves_; }

  private:
    std::optional<DesiredSet> stored_;
    int saves_ = 0;
};

}  // namespace edge
