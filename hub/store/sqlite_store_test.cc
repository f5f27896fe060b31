#include "hub/store/sqlite_store.h"

#include <sqlite3.h>

#include <fstream>

#include <gtest/gtest.h>

#include "core/byte_units.h"
#include "hub/store/sqlite_schema.h"
#include "hub/test_util.h"

namespace edge {
namespace {

StackSpec sample_stack() {
    ServiceSpec web;
    web.name = "web";
    web.image = "nginx:1.27";
    web.command = std::vector<std::string>{"nginx", "-g", "daemon off;"};
    web.environment = {{"TZ", "Europe/Berlin"}};
    web.ports = {{80, 8080, "tcp", ""}};
    web.volumes = {{VolumeMount::Kind::kNamed, "html", "/usr/share/nginx/html", true}};
    web.memory_limit = 128 * kMiB;
    web.memory_reservation = 64 * kMiB;
    web.replicas = 2;
    web.constraints = {{"node.labels.disk", true, "ssd"}};
    ServiceSpec db;
    db.name = "db";
    db.image = "postgres:16";
    db.service_class = ServiceClass::kDatabase;
    return {"blog", {web, db}};
}

NodeRecord sample_node(const std::string& name) {
    NodeRecord node;
    node.name = name;
    node.facts = {8LL * 1024 * kMiB, "arm64", 4, StorageKind::kSsd, "Raspberry Pi 5"};
    node.labels = {{"disk", "ssd"}};
    node.online = true;
    node.last_seen_ms = 1000;
    node.generation = 3;
    return node;
}

StateChange sample_change() {
    StateChange change;
    change.put_stacks = {{sample_stack(), 10, 20}};
    change.put_nodes = {sample_node("pi-1"), sample_node("nuc-1")};
    change.replicas = std::vector<ReplicaRecord>{{{"blog", "db", 0}, "nuc-1", ""},
                                                 {{"blog", "web", 0}, "pi-1", ""},
                                                 {{"blog", "web", 1}, "", "pi-1: needs more"}};
    change.events = {{0, 30, "deploy", "blog", "deployed"}};
    return change;
}

ClusterState expected_state() {
    ClusterState state;
    state.stacks["blog"] = {sample_stack(), 10, 20};
    state.nodes["pi-1"] = sample_node("pi-1");
    state.nodes["nuc-1"] = sample_node("nuc-1");
    state.replicas = *sample_change().replicas;
    return state;
}

int64_t count_rows(const std::string& path, const std::string& table) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &statement, nullptr);
    int64_t count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
}

void run_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
}

TEST(SqliteStoreTest, CreatesTheNewestSchemaInWalMode) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto state = (*store)->load();
        ASSERT_TRUE(state.ok());
        EXPECT_EQ(*state, ClusterState{});
    }
    auto db = SqliteDb::open(path);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(*(*db)->query_text("SELECT version FROM schema_version"),
              std::to_string(latest_schema_version()));
    EXPECT_EQ(*(*db)->query_text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(count_rows(path, "schema_version"), 1);
}

TEST(SqliteStoreTest, RoundTripsStateAcrossReopen) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok());
        auto events = (*store)->apply(sample_change());
        ASSERT_TRUE(events.ok()) << events.error().message;
        ASSERT_EQ(events->size(), 1u);
        EXPECT_GT((*events)[0].id, 0);
        EXPECT_EQ(*(*store)->load(), expected_state());
    }
    auto reopened = SqliteStore::open(path);  // migrations are idempotent
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    auto state = (*reopened)->load();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, expected_state());
    // Service order is the order they were written in, not alphabetical.
    EXPECT_EQ(state->stacks["blog"].spec.services[0].name, "web");
}

TEST(SqliteStoreTest, RedeployReplacesServicesAndKeepsCreationTime) {
    testing::TempDir dir;
    auto store = SqliteStore::open(dir.file("hub.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->apply(sample_change()).ok());

    StackSpec smaller = sample_stack();
    smaller.services.pop_back();  // drop db
    StateChange redeploy;
    redeploy.put_stacks = {{smaller, 99, 50}};
    redeploy.replicas = std::vector<ReplicaRecord>{{{"blog", "web", 0}, "pi-1", ""}};
    ASSERT_TRUE((*store)->apply(redeploy).ok());

    auto state = (*store)->load();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->stacks["blog"].spec, smaller);
    EXPECT_EQ(state->stacks["blog"].created_ms, 10);  // an update keeps the creation time
    EXPECT_EQ(state->stacks["blog"].updated_ms, 50);
    ASSERT_EQ(state->replicas.size(), 1u);
}

TEST(SqliteStoreTest, RemovingAStackRemovesItsServicesAndReplicas) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->apply(sample_change()).ok());
    StateChange remove;
    remove.remove_stacks = {"blog"};
    ASSERT_TRUE((*store)->apply(remove).ok());
    EXPECT_EQ(count_rows(path, "stacks"), 0);
    EXPECT_EQ(count_rows(path, "services"), 0);
    EXPECT_EQ(count_rows(path, "replicas"), 0);
    EXPECT_EQ(count_rows(path, "nodes"), 2);
}

TEST(SqliteStoreTest, AFailingChangeLeavesNothingBehind) {
    testing::TempDir dir;
    auto store = SqliteStore::open(dir.file("hub.db"));
    ASSERT_TRUE(store.ok());
    StateChange change = sample_change();
    // The last write of the change violates a foreign key: a replica on a node never seen.
    change.replicas->push_back({{"blog", "web", 2}, "ghost", ""});
    auto applied = (*store)->apply(change);
    ASSERT_FALSE(applied.ok());
    EXPECT_NE(applied.error().message.find("FOREIGN KEY"), std::string::npos)
        << applied.error().message;
    auto state = (*store)->load();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, ClusterState{});  // not the stack, not the nodes, not the event
    auto events = (*store)->events(0, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(events->empty());
    // And the store is still usable.
    EXPECT_TRUE((*store)->apply(sample_change()).ok());
}

TEST(SqliteStoreTest, DeployingWithoutReplicasIsRefused) {
    testing::TempDir dir;
    auto store = SqliteStore::open(dir.file("hub.db"));
    ASSERT_TRUE(store.ok());
    StateChange change = sample_change();
    change.replicas.reset();
    EXPECT_FALSE((*store)->apply(change).ok());
}

TEST(SqliteStoreTest, EventsAreBoundedAndReturnedOldestFirst) {
    testing::TempDir dir;
    auto store = SqliteStore::open(dir.file("hub.db"));
    ASSERT_TRUE(store.ok());
    StateChange flood;
    for (int64_t i = 0; i < kMaxStoredEvents + 5; ++i) {
        flood.events.push_back({0, i, "rejected", "t", "event " + std::to_string(i)});
    }
    ASSERT_TRUE((*store)->apply(flood).ok());
    auto all = (*store)->events(0, kMaxStoredEvents * 2);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), static_cast<size_t>(kMaxStoredEvents));
    EXPECT_EQ(all->front().message, "event 5");  // the oldest five were dropped
    EXPECT_EQ(all->back().message, "event " + std::to_string(kMaxStoredEvents + 4));

    auto newest = (*store)->events(0, 2);
    ASSERT_TRUE(newest.ok());
    ASSERT_EQ(newest->size(), 2u);
    EXPECT_LT((*newest)[0].id, (*newest)[1].id);
    EXPECT_EQ((*newest)[1].message, all->back().message);

    auto since = (*store)->events(kMaxStoredEvents + 3, 100);
    ASSERT_TRUE(since.ok());
    EXPECT_EQ(since->size(), 2u);
}

TEST(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    std::ofstream(path) << std::string(8192, 'x');
    auto store = SqliteStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("is corrupt or not an edgeorch database"),
              std::string::npos)
        << store.error().message;
}

TEST(SqliteStoreTest, RefusesACorruptDatabase) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok());
        StateChange many;
        for (int i = 0; i < 2000; ++i) {
            many.events.push_back({0, i, "deploy", "s", std::string(200, 'e')});
        }
        ASSERT_TRUE((*store)->apply(many).ok());
    }  // closing the last connection checkpoints the WAL into the main file
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096 * 5);  // somewhere inside the events table's b-tree
        std::string garbage(4096, '\xa5');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    auto store = SqliteStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("No good backup was found in " + path + ".backups"),
              std::string::npos)
        << store.error().message;
}

TEST(SqliteStoreTest, RefusesASchemaFromANewerHub) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    ASSERT_TRUE(SqliteStore::open(path).ok());
    run_sql(path, "UPDATE schema_version SET version = 999");
    auto store = SqliteStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("newer than this edge-hub supports"), std::string::npos)
        << store.error().message;
}

}  // namespace
}  // namespace edge

namespace edge {
namespace {

StateChange deploy_with_subnet(const std::string& name, const std::string& subnet) {
    StackSpec spec = sample_stack();
    spec.name = name;
    StackRecord record{spec, 10, 20};
    record.subnet = subnet;
    StateChange change;
    change.put_stacks = {record};
    change.replicas = std::vector<ReplicaRecord>{};
    return change;
}

TEST(SqliteStoreTest, StackSubnetsAreDurableUniqueAndFreedWithTheStack) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->apply(deploy_with_subnet("blog", "10.210.0.0/24")).ok());
        ASSERT_TRUE((*store)->apply(deploy_with_subnet("wiki", "")).ok());  // not yet assigned
        // Two stacks never share a subnet, whatever the caller does.
        auto clash = (*store)->apply(deploy_with_subnet("shop", "10.210.0.0/24"));
        ASSERT_FALSE(clash.ok());
        EXPECT_NE(clash.error().message.find("UNIQUE"), std::string::npos) << clash.error().message;
    }
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok());
    auto state = (*store)->load();
    ASSERT_TRUE(state.ok()) << state.error().message;
    EXPECT_EQ(state->stacks["blog"].subnet, "10.210.0.0/24");
    EXPECT_EQ(state->stacks["wiki"].subnet, "");
    EXPECT_FALSE(state->stacks.contains("shop"));

    // Removing the stack frees its subnet for the next one, even in the same change.
    StateChange swap = deploy_with_subnet("shop", "10.210.0.0/24");
    swap.remove_stacks = {"blog"};
    ASSERT_TRUE((*store)->apply(swap).ok());
    state = (*store)->load();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->stacks["shop"].subnet, "10.210.0.0/24");
    EXPECT_FALSE(state->stacks.contains("blog"));
}

TEST(SqliteStoreTest, RefusesAStoredSubnetThatIsNotOne) {
    testing::TempDir dir;
    std::string path = dir.file("hub.db");
    {
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->apply(deploy_with_subnet("blog", "10.210.0.0/24")).ok());
    }
    run_sql(path, "UPDATE stacks SET subnet = '10.210.0.9/24'");
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.ok());
    auto state = (*store)->load();
    ASSERT_FALSE(state.ok());
    EXPECT_NE(state.error().message.find("stacks[blog].subnet is \"10.210.0.9/24\""),
              std::string::npos)
        << state.error().message;
}

}  // namespace
}  // namespace edge
