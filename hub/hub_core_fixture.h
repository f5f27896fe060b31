// The HubCore test fixture: a HubCore on a real SQLite file in a temporary directory, driven
// message by message with a clock the test moves, plus helpers to build nodes and services.
// Shared by hub_core_test.cc and node_failure_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/byte_units.h"
#include "hub/hub_core.h"
#include "hub/store/sqlite_store.h"
#include "hub/test_util.h"
#include "schema/requests.h"

namespace edge::testing {

using nlohmann::json;

inline NodeFacts nuc_facts() {
    return {16 * kGiB, "amd64", 4, StorageKind::kSsd, "Intel NUC"};
}
inline NodeFacts pi_facts() {
    return {4 * kGiB, "arm64", 4, StorageKind::kSd, "Raspberry Pi 4 Model B"};
}

inline ServiceSpec service(const std::string& name, const std::string& image, int replicas) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = image;
    spec.replicas = replicas;
    return spec;
}

class HubCoreTest : public ::testing::Test {
  protected:
    void SetUp() override { open(); }

    void open() {
        core_.reset();
        auto store = SqliteStore::open(dir_.file("hub.db"));
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto core = HubCore::create(std::move(*store), PlacementConfig{}, topics_);
        ASSERT_TRUE(core.ok()) << core.error().message;
        core_ = std::move(*core);
    }

    Outcome status(const std::string& node, bool online, NodeFacts facts = nuc_facts()) {
        NodeStatus status{node, online, facts, "0.1.0"};
        return core_->handle_message(topics_.status(node), encode_status(status), false, now_++);
    }

    Outcome report(const std::string& node, int64_t generation,
                   std::vector<ObservedContainer> containers = {}) {
        NodeReport report{node, generation, std::move(containers), 1 * kGiB};
        return core_->handle_message(topics_.report(node), encode_report(report), false, now_++);
    }

    Outcome request(const std::string& op, json args = json::object()) {
        return core_->handle_message(topics_.requests(), encode_request({op, std::move(args)}),
                                     true, now_++);
    }

    // Sends a request that must succeed and returns its data.
    json ok(const std::string& op, json args = json::object()) {
        Outcome outcome = request(op, std::move(args));
        EXPECT_TRUE(outcome.response.has_value());
        if (!outcome.response) return nullptr;
        EXPECT_TRUE(outcome.response->ok) << op << ": " << outcome.response->error;
        return outcome.response->data;
    }

    std::string error(const std::string& op, json args = json::object()) {
        Outcome outcome = request(op, std::move(args));
        EXPECT_TRUE(outcome.response.has_value());
        if (!outcome.response) return "";
        EXPECT_FALSE(outcome.response->ok) << op;
        return outcome.response->error;
    }

    Outcome deploy(const StackSpec& stack) {
        return request(ops::kDeploy, {{"stack", stack_to_json(stack)}});
    }

    std::vector<Event> stored_events(const std::string& kind) {
        auto store = SqliteStore::open(dir_.file("hub.db"));
        EXPECT_TRUE(store.ok());
        std::vector<Event> matching;
        auto events = (*store)->events(0, 10000);
        EXPECT_TRUE(events.ok());
        for (const auto& event : *events) {
            if (event.kind == kind) matching.push_back(event);
        }
        return matching;
    }

    ClusterState reloaded() {
        auto store = SqliteStore::open(dir_.file("hub.db"));
        EXPECT_TRUE(store.ok());
        return *(*store)->load();
    }

    ObservedContainer running(const DesiredContainer& desired,
                              const std::string& state = "running") {
        ObservedContainer c;
        c.id = "id-" + desired.service + std::to_string(desired.replica);
        c.name = container_name("nuc-1", desired.stack, desired.service, desired.replica);
        c.stack = desired.stack;
        c.service = desired.service;
        c.replica = desired.replica;
        c.spec_hash = desired.spec_hash;
        c.state = state;
        return c;
    }

    // Liveness: time passes, then the hub judges its nodes.
    Outcome tick(int64_t after_ms) {
        now_ += after_ms;
        return core_->tick(now_++);
    }
    // A heartbeat that acknowledges the node's current generation.
    Outcome heartbeat(const std::string& node) {
        return report(node, core_->state().nodes.at(node).generation);
    }

    TempDir dir_;
    Topics topics_{"edgeorch"};
    std::unique_ptr<HubCore> core_;
    int64_t now_ = 1'700'000'000'000;
};

}  // namespace edge::testing
