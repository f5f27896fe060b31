// BackupScheduler: the hub's automatic, rotating online backups. A thread with its own
// read-only use of the database wakes at start and then once per interval, and writes a backup
// (see sqlite_backup.h) when the newest one is older than the interval and the database has
// changed since the last backup, then deletes all but the newest `keep`. The hub's worker
// thread keeps committing meanwhile: in WAL mode the backup's read transaction blocks no one.
// Thread-safety: create/start/stop from one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "hub/store/sqlite_backup.h"
#include "hub/store/sqlite_db.h"

namespace edge {

class BackupScheduler {
  public:
    // Opens a second connection to the (already checked) database at `db_path`.
    static Result<std::unique_ptr<BackupScheduler>> create(const std::string& db_path,
                                                           BackupOptions options);
    ~BackupScheduler();
    BackupScheduler(const BackupScheduler&) = delete;
    BackupScheduler& operator=(const BackupScheduler&) = delete;

    void start();
    // Waits for a backup in progress to finish.
    void stop();

    const std::string& dir() const { return options_.dir; }

  private:
    BackupScheduler(std::unique_ptr<SqliteDb> db, BackupOptions options)
        : db_(std::move(db)), options_(std::move(options)) {}
    void run();
    // One wake-up: backs up and rotates when due.
    void tick();

    std::unique_ptr<SqliteDb> db_;  // used by the backup thread only
    BackupOptions options_;
    std::string backed_up_version_;  // PRAGMA data_version at the last backup; backup thread

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  // GUARDED_BY(mutex_)
    std::thread thread_;
};

}  // namespace edge
