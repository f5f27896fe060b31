// `edgectl job run|suspend` against a stand-in for the hub on a real Mosquitto: the requests
// edgectl sends, how it waits for a run (polling job.runs, printing each change), the output it
// prints at the end and its exit codes. The hub's side has its own tests.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus/mqtt_client.h"
#include "bus/testing/mosquitto_fixture.h"
#include "edgectl/cli.h"
#include "edgectl/cli_test_run.h"
#include "schema/messages.h"
#include "schema/topics.h"

namespace edge::ctl {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Answers job.* requests as the hub would, from a script: job.runs shows run 43 in each of
// `states` in turn (the last one from then on).
class FakeJobHub {
  public:
    FakeJobHub(const std::string& url, std::vector<std::string> states)
        : states_(std::move(states)) {
        auto client = MqttClient::create({url, "fake-hub", "", "", 5, std::nullopt});
        EXPECT_TRUE(client.ok());
        client_ = std::move(*client);
        client_->on_message([this](const MqttMessageIn& message) { answer(message); });
        client_->on_connect([this] { ready_ = true; });
        EXPECT_TRUE(client_->subscribe(Topics(kDefaultTopicPrefix).requests(), 1).ok());
        EXPECT_TRUE(client_->start().ok());
        for (int i = 0; i < 100 && !ready_; ++i) std::this_thread::sleep_for(50ms);
        EXPECT_TRUE(ready_);
    }
    ~FakeJobHub() { client_->stop(); }

    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    json run_in(const std::string& state) const {
        bool ended = state == "succeeded" || state == "failed";
        return {{"id", 43},
                {"stack", "db"},
                {"service", "backup"},
                {"trigger", "on-demand"},
                {"occurrence_ms", 1000},
                {"state", state},
                {"attempts", state == "planned" ? 0 : 1},
                {"started_ms", state == "planned" ? 0 : 2000},
                {"ended_ms", ended ? 5000 : 0},
                {"exit_code", ended ? json(state == "succeeded" ? 0 : 1) : json(nullptr)},
                {"reason", ""},
                {"nodes", state == "planned" ? json::array() : json::array({"pi-1"})}};
    }

    void answer(const MqttMessageIn& message) {
        auto request = decode_request(message.payload);
        if (!request) return;
        Response response{true, "", json::object()};
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(*request);
            if (request->op == "job.run") {
                response.data = {{"run", 43}};
            } else if (request->op == "job.runs") {
                std::string state = states_.at(std::min(polls_++, states_.size() - 1));
                // An older run of the job is listed too, as the hub lists every kept run.
                json older = run_in("succeeded");
                older["id"] = 42;
                response.data = {{"runs", json::array({run_in(state), older})}};
            } else if (request->op == "job.logs") {
                response.data = {{"run", run_in(states_.back())}, {"output", "dumped 3 tables"}};
            } else if (request->op != "job.suspend" && request->op != "job.resume") {
                response = {false, "unknown op " + request->op, nullptr};
            }
        }
        MqttMessageOut out;
        out.topic = message.response_topic;
        out.payload = encode_response(response);
        out.correlation_data = message.correlation_data;
        EXPECT_TRUE(client_->publish(out).ok());
    }

    std::unique_ptr<MqttClient> client_;
    std::atomic<bool> ready_{false};
    std::mutex mutex_;
    std::vector<std::string> states_;  // GUARDED_BY(mutex_)
    size_t polls_ = 0;                 // GUARDED_BY(mutex_)
    std::vector<Request> requests_;    // GUARDED_BY(mutex_)
};

class JobRunCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!broker_.available()) GTEST_SKIP() << "mosquitto is not installed";
        ASSERT_TRUE(broker_.start());
        // No context of the user's takes part.
        ::setenv("XDG_CONFIG_HOME", "/nonexistent/edgectl-job-run-test", 1);
    }
    void TearDown() override { ::unsetenv("XDG_CONFIG_HOME"); }

    // Runs edgectl with the broker's URL; returns its exit code and what it printed.
    int edgectl(std::vector<std::string> words, std::string& out) {
        words.insert(words.begin(), {"--broker", broker_.url()});
        ::testing::internal::CaptureStdout();
        int code = testing::run_edgectl(words);
        out = ::testing::internal::GetCapturedStdout();
        return code;
    }

    edge::testing::MosquittoProcess broker_;
};

TEST_F(JobRunCommand, WaitsPrintingChangesThenPrintsTheOutput) {
    FakeJobHub hub(broker_.url(), {"planned", "running", "running", "succeeded"});
    std::string out;
    EXPECT_EQ(edgectl({"job", "run", "db/backup"}, out), kExitOk);
    EXPECT_EQ(out,
              "run 43: planned\n"
              "run 43: running, attempt 1 on pi-1\n"
              "run 43: succeeded, attempt 1 on pi-1, exit 0\n"
              "dumped 3 tables\n");
    std::vector<Request> requests = hub.requests();
    ASSERT_EQ(requests.size(), 6u);  // run, 4 polls, logs
    EXPECT_EQ(requests[0].op, "job.run");
    EXPECT_EQ(requests[0].args, (json{{"stack", "db"}, {"service", "backup"}}));
    EXPECT_EQ(requests[1].op, "job.runs");
    EXPECT_EQ(requests[1].args, (json{{"stack", "db"}, {"service", "backup"}}));
    EXPECT_EQ(requests[5].op, "job.logs");
    EXPECT_EQ(requests[5].args, (json{{"run", 43}}));
}

TEST_F(JobRunCommand, AFailedRunExitsOne) {
    FakeJobHub hub(broker_.url(), {"running", "failed"});
    std::string out;
    EXPECT_EQ(edgectl({"job", "run", "db/backup"}, out), kExitFailure);
    EXPECT_EQ(out,
              "run 43: running, attempt 1 on pi-1\n"
              "run 43: failed, attempt 1 on pi-1, exit 1\n"
              "dumped 3 tables\n");
}

TEST_F(JobRunCommand, DetachReturnsOnceTheHubHasTheRun) {
    FakeJobHub hub(broker_.url(), {"planned"});
    std::string out;
    EXPECT_EQ(edgectl({"job", "run", "db/backup", "--detach"}, out), kExitOk);
    EXPECT_EQ(out, "run 43 of db/backup requested; edgectl job runs db/backup shows it\n");
    EXPECT_EQ(hub.requests().size(), 1u);
    EXPECT_EQ(edgectl({"job", "run", "db/backup", "--detach", "-o", "json"}, out), kExitOk);
    EXPECT_EQ(json::parse(out), (json{{"run", 43}}));
}

TEST_F(JobRunCommand, WaitGivesUpOnARunThatGoesOn) {
    FakeJobHub hub(broker_.url(), {"running"});
    std::string out;
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(edgectl({"job", "run", "db/backup", "--wait", "1s"}, out), kExitFailure);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(out, "run 43: running, attempt 1 on pi-1\n");
    for (const Request& request : hub.requests()) EXPECT_NE(request.op, "job.logs");
}

TEST_F(JobRunCommand, SuspendAndResumeNameTheJob) {
    FakeJobHub hub(broker_.url(), {"planned"});
    std::string out;
    EXPECT_EQ(edgectl({"job", "suspend", "db/backup"}, out), kExitOk);
    EXPECT_EQ(out, "suspended job db/backup\n");
    EXPECT_EQ(edgectl({"job", "resume", "db/backup"}, out), kExitOk);
    EXPECT_EQ(out, "resumed job db/backup\n");
    std::vector<Request> requests = hub.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].op, "job.suspend");
    EXPECT_EQ(requests[1].op, "job.resume");
    EXPECT_EQ(requests[1].args, (json{{"stack", "db"}, {"service", "backup"}}));
}

}  // namespace
}  // namespace edge::ctl
