#include "hub/store/sqlite_backup.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "hub/store/backup_rotation.h"
#include "hub/store/sqlite_store.h"
#include "hub/test_util.h"

namespace edge {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kBackupTime = 1795328945042;

// A hub database holding `stacks` events, one per "deploy".
void fill(const std::string& path, int events) {
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    StateChange change;
    for (int i = 0; i < events; ++i) change.events.push_back({0, i, "deploy", "s", "deployed"});
    ASSERT_TRUE((*store)->apply(change).ok());
}

int64_t event_count(const std::string& path) {
    auto db = SqliteDb::open(path);
    if (!db) return -1;
    auto count = (*db)->query_text("SELECT COUNT(*) FROM events");
    return count ? std::stoll(*count) : -1;
}

// Overwrites part of the file with garbage, the way a torn write or a failing card would.
void damage(const std::string& path, std::streamoff offset, size_t length) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(offset);
    std::string garbage(length, '\xa5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// A database with a few events, open, and a directory for its backups.
class FilledDatabase : public ::testing::Test {
  protected:
    void SetUp() override {
        fill(path, 3);
        auto opened = SqliteDb::open(path);
        ASSERT_TRUE(opened.ok());
        db = std::move(*opened);
    }

    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    std::unique_ptr<SqliteDb> db;
};

TEST_F(FilledDatabase, WritesACheckedCopyUnderABackupName) {
    auto written = write_backup(*db, dir.file("backups"), kBackupTime);
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(*written, dir.file("backups/" + backup_file_name(kBackupTime)));
    EXPECT_EQ(event_count(*written), 3);
    EXPECT_EQ(names_in(dir.file("backups")),
              (std::vector<std::string>{backup_file_name(kBackupTime)}));
    EXPECT_EQ(newest_backup_time(dir.file("backups")), kBackupTime);
}

TEST_F(FilledDatabase, RotationKeepsTheNewest) {
    for (int hour = 0; hour < 4; ++hour) {
        ASSERT_TRUE(write_backup(*db, dir.file("backups"), kBackupTime + hour * kHour).ok());
    }
    std::ofstream(dir.file("backups/keep-me.txt")) << "a person's note";
    ASSERT_TRUE(rotate_backups(dir.file("backups"), 2).ok());
    EXPECT_EQ(names_in(dir.file("backups")),
              (std::vector<std::string>{backup_file_name(kBackupTime + 2 * kHour),
                                        backup_file_name(kBackupTime + 3 * kHour), "keep-me.txt"}));
}

TEST(SqliteBackupTest, CorruptDatabaseIsRefusedNamingNewestGoodBackupAndRestoreCommand) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    std::string backups = dir.file("backups");
    fill(path, 2000);
    std::string good;
    {
        auto db = SqliteDb::open(path);
        ASSERT_TRUE(db.ok());
        good = *write_backup(**db, backups, kBackupTime);
        // A newer backup that went bad on disk must be passed over.
        std::string bad = *write_backup(**db, backups, kBackupTime + kHour);
        damage(bad, 0, 100);
    }
    damage(path, 4096 * 5, 4096);

    auto store = SqliteStore::open(path, backups);
    ASSERT_FALSE(store.ok());
    const std::string& message = store.error().message;
    EXPECT_NE(message.find("database " + path + " is corrupt"), std::string::npos) << message;
    EXPECT_NE(message.find("The newest good backup is " + good), std::string::npos) << message;
    EXPECT_NE(message.find("edge-hub restore --db " + path + " --from " + good), std::string::npos)
        << message;
}

TEST(SqliteBackupTest, RestorePutsTheBackupInPlaceAndKeepsTheReplacedFile) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    fill(path, 5);
    std::string backup;
    {
        auto db = SqliteDb::open(path);
        ASSERT_TRUE(db.ok());
        backup = *write_backup(**db, dir.file("backups"), kBackupTime);
    }
    damage(path, 0, 100);

    auto replaced = restore_backup(backup, path, kBackupTime + kHour);
    ASSERT_TRUE(replaced.ok()) << replaced.error().message;
    EXPECT_EQ(*replaced, path + ".replaced-" + std::to_string(kBackupTime + kHour));
    EXPECT_TRUE(std::filesystem::exists(*replaced));
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ(event_count(path), 5);
}

TEST(SqliteBackupTest, RestoreRefusesABadBackup) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    fill(path, 1);
    std::ofstream(dir.file("not-a-db")) << "hello";
    auto replaced = restore_backup(dir.file("not-a-db"), path, kBackupTime);
    ASSERT_FALSE(replaced.ok());
    EXPECT_NE(replaced.error().message.find("refusing to restore"), std::string::npos);
    EXPECT_EQ(event_count(path), 1);  // untouched
}

}  // namespace
}  // namespace edge
