#include "hub/store/backup_scheduler.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "hub/wall_clock.h"

namespace edge {

Result<std::unique_ptr<BackupScheduler>> BackupScheduler::create(const std::string& db_path,
                                                                 BackupOptions options) {
    if (options.dir.empty()) options.dir = default_backup_dir(db_path);
    auto db = SqliteDb::open(db_path);
    if (!db) return db.error();
    if (Status s = (*db)->exec("PRAGMA busy_timeout = 5000"); !s) return s.error();
    return std::unique_ptr<BackupScheduler>(
        new BackupScheduler(std::move(*db), std::move(options)));
}

BackupScheduler::~BackupScheduler() {
    stop();
}

void BackupScheduler::start() {
    thread_ = std::thread([this] { run(); });
}

void BackupScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackupScheduler::run() {
    for (;;) {
        tick();
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
    }
}

void BackupScheduler::tick() {
    // data_version changes whenever another connection (the hub's) commits.
    auto version = db_->query_text("PRAGMA data_version");
    if (!version) {
        spdlog::warn("backup skipped: {}", version.error().message);
        return;
    }
    int64_t now = wall_clock_ms();
    std::optional<int64_t> newest = newest_backup_time(options_.dir);
    bool changed = *version != backed_up_version_;
    auto interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options_.interval);
    bool old_enough = !newest || now - *newest >= interval_ms.count();
    if (!changed || !old_enough) return;

    auto written = write_backup(*db_, options_.dir, now);
    if (!written) {
        spdlog::error("backup failed (will retry in {}s): {}", options_.interval.count(),
                      written.error().message);
        return;
    }
    backed_up_version_ = *version;
    spdlog::info("backed up the database to {}", *written);
    if (Status rotated = rotate_backups(options_.dir, options_.keep); !rotated) {
        spdlog::warn("{}", rotated.error().message);
    }
}

}  // namespace edge
