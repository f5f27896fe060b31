// SqliteStore: the Store on a SQLite file (schema in sqlite_schema.cc).
// Opening checks the file's integrity and refuses a corrupt database with a clear error
// rather than running on damaged state.
// Thread-safety: none; see store.h.
#pragma once

#include <memory>
#include <string>

#include "hub/store/sqlite_db.h"
#include "hub/store/store.h"

namespace edge {

class SqliteStore : public Store {
  public:
    // Opens or creates the database at `path`, checks it, and migrates it to the newest schema.
    // A corrupt database is refused with a message naming the newest good backup in
    // `backup_dir` (when given) and the command that restores it.
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                     const std::string& backup_dir = "");

    Result<ClusterState> load() override;
    Result<std::vector<Event>> apply(const StateChange& change) override;
    Result<std::vector<Event>> events(int64_t since_ms, int64_t limit) override;
    // Defined in hub/files/sqlite_files.cc.
    Status put_blobs(const std::vector<StoredBlob>& blobs, int64_t now_ms) override;
    Result<std::optional<std::string>> blob(const std::string& hash) override;
    Status put_secret(const StoredSecret& secret) override;
    Status remove_secret(const std::string& name) override;
    Result<std::vector<StoredSecret>> secrets() override;
    Status put_config(const std::string& name, const StoredBlob& blob, int64_t now_ms) override;
    Status remove_config(const std::string& name) override;
    Result<std::map<std::string, std::string>> configs() override;
    // Defined in hub/store/sqlite_environments.cc.
    Status put_environment(const StoredEnvironment& environment) override;
    Status remove_environment(const std::string& name) override;
    Result<std::vector<StoredEnvironment>> environments() override;
    // Defined in hub/store/sqlite_api_tokens.cc.
    Status put_api_token(const StoredApiToken& token) override;
    Status remove_api_token(const std::string& name) override;
    Result<std::vector<StoredApiToken>> api_tokens() override;
    // Defined in hub/memory/sqlite_memory.cc.
    Status put_memory_histories(
        const std::vector<StoredMemoryHistory>& histories,
        const std::vector<std::pair<std::string, std::string>>& removed) override;
    Result<std::vector<StoredMemoryHistory>> memory_histories() override;
    // Defined in hub/store/sqlite_jobs.cc.
    Status put_job_output(const StoredJobOutput& output) override;
    Result<std::vector<StoredJobOutput>> job_outputs(int64_t run_id) override;

  private:
    explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
    Status load_stacks(ClusterState& state);
    Status load_nodes(ClusterState& state);
    Status load_replicas(ClusterState& state);
    Status load_jobs(ClusterState& state);  // sqlite_jobs.cc
    Status write_job(const JobRecord& job);
    Status remove_job(const std::string& stack, const std::string& service);
    Status write_stack(const StackRecord& stack);
    Status write_node(const NodeRecord& node);
    Status write_replicas(const std::vector<ReplicaRecord>& replicas);
    // The events with the ids the store gave them, in order.
    Result<std::vector<Event>> append_events(const std::vector<Event>& events);

    std::unique_ptr<SqliteDb> db_;
};

}  // namespace edge
