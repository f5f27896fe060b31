// DockerEngine against a real dockerd started by the test itself (own data-root, exec-root and
// socket, no bridge, no iptables), with an image imported offline from busybox-static.
#include "agent/engine/docker_engine.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "agent/engine/docker_api.h"
#include "agent/engine/unix_http.h"
#include "agent/events/engine_watcher.h"
#include "agent/node_controller.h"
#include "agent/state_store.h"
#include "agent/testing/dockerd_fixture.h"
#include "schema/messages.h"

namespace edge {
namespace {

using testing::DockerdFixture;
using testing::kBusyboxTestImage;
using namespace std::chrono_literals;

constexpr int64_t kLimit = 48LL * 1024 * 1024;

class DockerEngineTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!DockerdFixture::unavailable_reason().empty()) return;
        auto started = DockerdFixture::start();
        if (!started.ok()) {
            start_error_ = new std::string(started.error().message);
            return;
        }
        dockerd_ = std::move(started).value().release();
        Status imported = dockerd_->import_busybox();
        if (!imported.ok()) start_error_ = new std::string(imported.error().message);
    }
    static void TearDownTestSuite() {
        delete dockerd_;  // stops dockerd by PID and removes its directory
        dockerd_ = nullptr;
        delete start_error_;
        start_error_ = nullptr;
    }

    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);
        std::string reason = DockerdFixture::unavailable_reason();
        if (!reason.empty()) GTEST_SKIP() << reason;
        ASSERT_EQ(start_error_, nullptr) << *start_error_;
        auto engine = DockerEngine::create(dockerd_->endpoint());
        ASSERT_TRUE(engine.ok()) << engine.error().message;
        engine_ = std::move(engine).value();
    }

    void TearDown() override {
        if (!engine_) return;
        // Leave no container behind for the next test.
        auto left = engine_->list_by_label(kLabelNode, "pi1");
        if (left.ok()) {
            for (const auto& c : *left) (void)engine_->remove(c.observed.id);
        }
    }

    static ContainerCreateSpec spec(const std::string& service, std::vector<std::string> command,
                                    RestartPolicy restart = RestartPolicy::kNo) {
        ContainerCreateSpec spec;
        spec.node = "pi1";
        spec.generation = 3;
        DesiredContainer& c = spec.container;
        c.stack = "home";
        c.service = service;
        c.replica = 0;
        c.image = kBusyboxTestImage;
        c.command = std::move(command);
        c.environment = {{"GREETING", "hello"}};
        c.restart = restart;
        c.memory_limit = kLimit;
        c.spec_hash = spec_hash(c);
        spec.name = container_name(spec.node, c.stack, c.service, c.replica);
        return spec;
    }

    // Polls inspect until the container reaches `state` or 20 s pass.
    Result<ContainerDetails> wait_for_state(const std::string& id, const std::string& state) {
        auto deadline = std::chrono::steady_clock::now() + 20s;
        while (true) {
            auto details = engine_->inspect(id);
            if (!details.ok() || details->observed.state == state ||
                std::chrono::steady_clock::now() > deadline) {
                return details;
            }
            std::this_thread::sleep_for(100ms);
        }
    }

    static DockerdFixture* dockerd_;
    static std::string* start_error_;
    std::unique_ptr<DockerEngine> engine_;
};

DockerdFixture* DockerEngineTest::dockerd_ = nullptr;
std::string* DockerEngineTest::start_error_ = nullptr;

TEST_F(DockerEngineTest, NegotiatesVersion) {
    auto version = engine_->version();
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_FALSE(version->version.empty());
    EXPECT_LE(compare_api_versions(version->api_version, "1.41"), 0);
}

TEST_F(DockerEngineTest, CreatesWithHardMemoryLimitListsStartsAndRemoves) {
    auto present = engine_->image_exists(kBusyboxTestImage);
    ASSERT_TRUE(present.ok()) << present.error().message;
    EXPECT_TRUE(*present);

    ContainerCreateSpec web = spec("web", {"sleep", "300"});
    auto id = engine_->create(web);
    ASSERT_TRUE(id.ok()) << id.error().message;

    auto created = engine_->inspect(*id);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->observed.state, "created");
    EXPECT_EQ(created->observed.name, "edge-home-web-0.pi1");
    EXPECT_EQ(created->observed.memory_limit, kLimit);
    EXPECT_EQ(created->labels.at(kLabelNode), "pi1");
    EXPECT_EQ(created->labels.at(kLabelGeneration), "3");
    EXPECT_EQ(created->observed.spec_hash, web.container.spec_hash);

    // Swap must not extend the limit: MemorySwap equals Memory.
    UnixHttpClient http(dockerd_->socket_path());
    auto raw = http.send({.method = "GET", .path = "/containers/" + *id + "/json"});
    ASSERT_TRUE(raw.ok());
    auto inspected = nlohmann::json::parse(raw->body);
    EXPECT_EQ(inspected["HostConfig"]["MemorySwap"], kLimit);
    EXPECT_EQ(inspected["HostConfig"]["RestartPolicy"]["Name"], "no");

    ASSERT_TRUE(engine_->start(*id).ok());
    ASSERT_TRUE(engine_->start(*id).ok());  // starting a running container is fine
    auto running = wait_for_state(*id, "running");
    ASSERT_TRUE(running.ok());
    EXPECT_EQ(running->observed.state, "running");

    // The kernel enforces the limit, not just the engine's bookkeeping.
    auto cgroup_limit = DockerdFixture::cgroup_memory_limit(*id);
    ASSERT_TRUE(cgroup_limit.has_value()) << "no memory cgroup file for " << *id;
    EXPECT_EQ(*cgroup_limit, kLimit);

    auto listed = engine_->list_by_label(kLabelNode, "pi1");
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].observed.id, *id);
    EXPECT_EQ((*listed)[0].observed.state, "running");
    EXPECT_EQ((*listed)[0].observed.service, "web");
    auto other_node = engine_->list_by_label(kLabelNode, "pi2");
    ASSERT_TRUE(other_node.ok());
    EXPECT_TRUE(other_node->empty());

    ASSERT_TRUE(engine_->stop(*id, 1).ok());
    auto stopped = engine_->inspect(*id);
    ASSERT_TRUE(stopped.ok());
    EXPECT_EQ(stopped->observed.state, "exited");
    EXPECT_NE(stopped->observed.exit_code, 0);  // sleep killed by a signal

    ASSERT_TRUE(engine_->remove(*id).ok());
    EXPECT_FALSE(engine_->inspect(*id).ok());
    EXPECT_TRUE(engine_->remove(*id).ok());  // already gone
    listed = engine_->list_by_label(kLabelNode, "pi1");
    ASSERT_TRUE(listed.ok());
    EXPECT_TRUE(listed->empty());
}

TEST_F(DockerEngineTest, ReportsOomKill) {
    // The shell builds a string far larger than the limit; the kernel kills it.
    ContainerCreateSpec hog =
        spec("hog", {"sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x}"});
    auto id = engine_->create(hog);
    ASSERT_TRUE(id.ok()) << id.error().message;
    ASSERT_TRUE(engine_->start(*id).ok());
    auto done = wait_for_state(*id, "exited");
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->observed.state, "exited");
    EXPECT_TRUE(done->observed.oom_killed);
    EXPECT_NE(done->observed.exit_code, 0);
}

TEST_F(DockerEngineTest, WatcherSeesTheNodesContainersStartAndDieAsTheyDo) {
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<EngineEvent> events;
    EngineWatcher watcher(
        *engine_, kLabelNode, "pi1",
        [&](const EngineEvent& event) {
            std::lock_guard lock(mutex);
            events.push_back(event);
            arrived.notify_all();
        },
        [] {});
    watcher.start();
    std::this_thread::sleep_for(300ms);  // the stream is open before the container starts

    auto id = engine_->create(spec("blip", {"sh", "-c", "exit 3"}));
    ASSERT_TRUE(id.ok()) << id.error().message;
    ASSERT_TRUE(engine_->start(*id).ok());
    auto saw = [&](const std::string& action) {
        return std::any_of(events.begin(), events.end(), [&](const EngineEvent& event) {
            return event.container_id == *id && event.action == action;
        });
    };
    {
        std::unique_lock lock(mutex);
        EXPECT_TRUE(arrived.wait_for(lock, 10s, [&] { return saw("start") && saw("die"); }))
            << events.size() << " events";
    }
    ASSERT_TRUE(engine_->remove(*id).ok());
    {
        std::unique_lock lock(mutex);
        EXPECT_TRUE(arrived.wait_for(lock, 10s, [&] { return saw("destroy"); }));
    }
    auto stopping = std::chrono::steady_clock::now();
    watcher.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, 3s);  // the stream ends when asked
}

TEST_F(DockerEngineTest, NameConflictWithAForeignContainerIsReportedNotClobbered) {
    // A container a person created by hand under the name the agent wants.
    UnixHttpClient http(dockerd_->socket_path());
    auto created = http.send({.method = "POST",
                              .path = "/containers/create?name=edge-home-web-0.pi1",
                              .body = R"({"Image": "edgeorch/busybox:test", "Cmd": ["true"]})"});
    ASSERT_TRUE(created.ok());
    ASSERT_EQ(created->status, 201) << created->body;
    std::string foreign_id = nlohmann::json::parse(created->body)["Id"];

    auto id = engine_->create(spec("web", {"sleep", "300"}));
    ASSERT_FALSE(id.ok());
    EXPECT_NE(id.error().message.find("not managed by edgeorch"), std::string::npos)
        << id.error().message;
    EXPECT_TRUE(engine_->inspect(foreign_id).ok());
    ASSERT_TRUE(engine_->remove(foreign_id).ok());
}

TEST_F(DockerEngineTest, ErrorsCarryTheEngineMessage) {
    auto missing = engine_->inspect("no-such-container");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("No such container"), std::string::npos)
        << missing.error().message;

    auto absent = engine_->image_exists("edgeorch/not-here:1");
    ASSERT_TRUE(absent.ok()) << absent.error().message;
    EXPECT_FALSE(*absent);

    // A registry on a loopback port where nothing listens: the pull fails without leaving
    // the machine, and the failure names the cause.
    Status pulled = engine_->pull("127.0.0.1:1/edgeorch/nothing:1", {});
    ASSERT_FALSE(pulled.ok());
    EXPECT_NE(pulled.error().message.find("127.0.0.1:1"), std::string::npos)
        << pulled.error().message;

    ContainerCreateSpec bad = spec("bad", {"true"});
    bad.container.image = "edgeorch/not-here:1";
    auto id = engine_->create(bad);
    ASSERT_FALSE(id.ok());
    EXPECT_NE(id.error().message.find("No such image"), std::string::npos) << id.error().message;
}

TEST_F(DockerEngineTest, UnreachableEngineIsAnErrorValue) {
    auto engine = DockerEngine::create("unix:///tmp/edgeorch-no-such-socket.sock");
    ASSERT_TRUE(engine.ok());
    auto listed = (*engine)->list_by_label(kLabelNode, "pi1");
    ASSERT_FALSE(listed.ok());
    EXPECT_NE(listed.error().message.find("/tmp/edgeorch-no-such-socket.sock: cannot connect"),
              std::string::npos)
        << listed.error().message;
    EXPECT_FALSE(DockerEngine::create("tcp://127.0.0.1:2375").ok());
}

TEST_F(DockerEngineTest, ControllerCreatesAndRemovesReplicasFourAtATime) {
    char pattern[] = "/tmp/edge-agent-state.XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    auto store = FileStateStore::open(pattern);
    ASSERT_TRUE(store.ok());
    NodeController controller(*engine_, **store, "pi1");
    controller.use_concurrency(4);

    DesiredSet set{"pi1", 7, {}};
    for (int replica = 0; replica < 6; ++replica) {
        auto web = spec("web", {"sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"},
                        RestartPolicy::kAlways);
        web.container.replica = replica;
        web.container.spec_hash = spec_hash(web.container);
        set.containers.push_back(web.container);
    }
    ASSERT_TRUE(controller.accept_desired(encode_desired(set)));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->failures.empty());
    ASSERT_EQ(report->containers.size(), 6u);
    for (const auto& container : report->containers) EXPECT_EQ(container.state, "running");
    EXPECT_EQ(report->observed_generation, 7);

    ASSERT_TRUE(controller.accept_desired(encode_desired(DesiredSet{"pi1", 8, {}})));
    report = controller.reconcile_pass(1);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->containers.empty());
    auto left = engine_->list_by_label(kLabelNode, "pi1");
    ASSERT_TRUE(left.ok());
    EXPECT_TRUE(left->empty());
    std::filesystem::remove_all(pattern);
}

TEST_F(DockerEngineTest, ControllerConvergesAndRestartsOnARealEngine) {
    char pattern[] = "/tmp/edge-agent-state.XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    auto store = FileStateStore::open(pattern);
    ASSERT_TRUE(store.ok());
    NodeController controller(*engine_, **store, "pi1");

    // The shell exits on SIGTERM (a bare sleep as PID 1 would ignore it), so removal is quick.
    auto web =
        spec("web", {"sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"}, RestartPolicy::kAlways);
    DesiredSet set{"pi1", 4, {web.container}};
    ASSERT_TRUE(controller.accept_desired(encode_desired(set)));
    auto report = controller.reconcile_pass(0);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->containers.size(), 1u);
    std::string id = report->containers[0].id;
    EXPECT_EQ(report->containers[0].memory_limit, kLimit);
    EXPECT_EQ(report->observed_generation, 4);

    // Applying the same set again changes nothing.
    report = controller.reconcile_pass(1);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].id, id);

    // A stop through the API disables the engine's own restart policy; the agent's periodic
    // pass brings the container back.
    ASSERT_TRUE(engine_->stop(id, 1).ok());
    report = controller.reconcile_pass(2);
    ASSERT_EQ(report->containers.size(), 1u);
    EXPECT_EQ(report->containers[0].id, id);
    EXPECT_EQ(report->containers[0].state, "running");

    // An empty set removes it; the state file keeps the newest set for the next boot.
    ASSERT_TRUE(controller.accept_desired(encode_desired(DesiredSet{"pi1", 5, {}})));
    report = controller.reconcile_pass(3);
    EXPECT_TRUE(report->containers.empty());
    auto reloaded = (*store)->load();
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ((*reloaded)->generation, 5);
    std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace edge
