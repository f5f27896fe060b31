#include "agent/state_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "schema/messages.h"

namespace edge {
namespace {

namespace fs = std::filesystem;

DesiredSet sample_set(int64_t generation) {
    DesiredContainer web;
    web.stack = "home";
    web.service = "web";
    web.replica = 0;
    web.image = "nginx:1.25";
    web.memory_limit = 64LL * 1024 * 1024;
    web.environment = {{"TZ", "UTC"}};
    web.spec_hash = spec_hash(web);
    return DesiredSet{"pi1", generation, {web}};
}

class StateStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/edge-state.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::unique_ptr<FileStateStore> open(const fs::path& dir) {
        auto store = FileStateStore::open(dir.string());
        EXPECT_TRUE(store.ok()) << store.error().message;
        return store.ok() ? std::move(store).value() : nullptr;
    }

    fs::path dir_;
};

TEST_F(StateStoreTest, EmptyDirectoryHasNoState) {
    auto store = open(dir_ / "new" / "nested");  // created on open
    ASSERT_TRUE(store);
    auto loaded = store->load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_FALSE(loaded->has_value());
}

TEST_F(StateStoreTest, SavedSetSurvivesReopening) {
    auto store = open(dir_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->save(sample_set(3)).ok());

    auto reopened = open(dir_);
    auto loaded = reopened->load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_TRUE(loaded->has_value());
    EXPECT_EQ(**loaded, sample_set(3));
}

TEST_F(StateStoreTest, WritesAtomicallyAndOnlyOnChange) {
    auto store = open(dir_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->save(sample_set(1)).ok());
    ASSERT_TRUE(store->save(sample_set(1)).ok());
    EXPECT_EQ(store->writes(), 1);
    struct stat first {};
    ASSERT_EQ(::stat(store->path().c_str(), &first), 0);

    ASSERT_TRUE(store->save(sample_set(2)).ok());
    EXPECT_EQ(store->writes(), 2);
    struct stat second {};
    ASSERT_EQ(::stat(store->path().c_str(), &second), 0);
    // A rename puts a new inode in place; an in-place rewrite would keep the old one and could
    // be torn by a power cut.
    EXPECT_NE(first.st_ino, second.st_ino);
    EXPECT_EQ(second.st_mode & 0777, 0600u);
    // Nothing but the state file is left behind.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
        names.push_back(entry.path().filename());
    }
    EXPECT_EQ(names, std::vector<std::string>{"desired.json"});
}

TEST_F(StateStoreTest, LoadedContentIsNotRewritten) {
    {
        auto store = open(dir_);
        ASSERT_TRUE(store->save(sample_set(5)).ok());
    }
    auto store = open(dir_);
    ASSERT_TRUE(store->load().ok());
    ASSERT_TRUE(store->save(sample_set(5)).ok());
    EXPECT_EQ(store->writes(), 0);
}

TEST_F(StateStoreTest, CorruptFileIsAnErrorNotACrash) {
    for (const std::string& content :
         {std::string("{\"v\": 1, \"node\": \"pi1\", \"gen"), std::string("\0\0\0\0", 4),
          std::string("[]"), std::string("{\"v\": 99}")}) {
        std::ofstream(dir_ / "desired.json", std::ios::binary | std::ios::trunc) << content;
        auto store = open(dir_);
        auto loaded = store->load();
        ASSERT_FALSE(loaded.ok());
        EXPECT_NE(loaded.error().message.find("corrupt"), std::string::npos)
            << loaded.error().message;
        // A good save replaces the corrupt file.
        ASSERT_TRUE(store->save(sample_set(9)).ok());
        auto reloaded = open(dir_)->load();
        ASSERT_TRUE(reloaded.ok());
        EXPECT_EQ(**reloaded, sample_set(9));
    }
}

TEST_F(StateStoreTest, UnwritableDirectoryIsAnError) {
    fs::path file = dir_ / "plain-file";
    std::ofstream(file) << "x";
    EXPECT_FALSE(FileStateStore::open(file.string()).ok());
}

}  // namespace
}  // namespace edge
