#include "hub/store/backup_rotation.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

// 2026-11-22 06:29:05.042 UTC
constexpr int64_t kTime = 1795328945042;

TEST(BackupRotationTest, NameCarriesTheUtcTimeToTheMillisecond) {
    EXPECT_EQ(backup_file_name(kTime), "hub-20261122T062905042Z.db");
    EXPECT_EQ(backup_time(backup_file_name(kTime)), kTime);
}

TEST(BackupRotationTest, OtherFilesAreNotBackups) {
    for (const char* name :
         {"hub.db", ".unfinished-hub-20261122T062905042Z.db", "hub-20261122T062905042Z.db-journal",
          "hub-2026112XT062905042Z.db", "hub-20261322T062905042Z.db", "notes.txt", ""}) {
        EXPECT_FALSE(backup_time(name).has_value()) << name;
    }
}

TEST(BackupRotationTest, NamesSortLikeTimes) {
    std::vector<std::string> names = {backup_file_name(kTime), "README",
                                      backup_file_name(kTime + 86400000),
                                      backup_file_name(kTime - 1)};
    EXPECT_EQ(backups_newest_first(names),
              (std::vector<std::string>{backup_file_name(kTime + 86400000), backup_file_name(kTime),
                                        backup_file_name(kTime - 1)}));
}

TEST(BackupRotationTest, KeepsTheNewestAndNeverDeletesOtherFiles) {
    std::vector<std::string> names = {"hub.db", "hub.db-wal"};
    for (int hour = 0; hour < 5; ++hour) names.push_back(backup_file_name(kTime + hour * 3600000));
    EXPECT_EQ(
        backups_to_delete(names, 3),
        (std::vector<std::string>{backup_file_name(kTime + 3600000), backup_file_name(kTime)}));
    EXPECT_TRUE(backups_to_delete(names, 5).empty());
    EXPECT_TRUE(backups_to_delete(names, 9).empty());
}

TEST(BackupRotationTest, AlwaysKeepsAtLeastOne) {
    std::vector<std::string> names = {backup_file_name(kTime), backup_file_name(kTime + 1)};
    EXPECT_EQ(backups_to_delete(names, 0), (std::vector<std::string>{backup_file_name(kTime)}));
}

}  // namespace
}  // namespace edge
