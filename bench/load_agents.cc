// load_agents: simulates N edge-agents over real MQTT connections to one broker, for the hub
// scale benchmark (bench/hub_scale.sh). Every simulated node reports itself online and answers
// each desired set at once with "all running". The program prints, flushed, one line per
// milestone so a script can follow it:
//   connected N MS            all N clients connected, MS after start
//   converged N EPOCH_MS      every node answered a desired set of exactly --containers
//                             containers; EPOCH_MS is when the last one did (unix epoch ms)
// After a converged line, the next one comes once some node's set changed and every node has
// converged again, so a script can time several deploy / remove rounds against one hub.
// Heartbeat reports go out every --report-interval-ms until SIGTERM or SIGINT.
// --create-identities first gives each simulated node its own broker identity and role, as a
// join does (bench/node_identities.h), with the broker-admin identity named by
// EDGE_HUB_USERNAME and EDGE_HUB_PASSWORD (the hub.env `edge-hub init` writes), and a random
// password the nodes then log in with; without it, the nodes connect without credentials.
// libmosquitto's network loop uses select(), so no client socket may be numbered 1,024 or
// more: one process holds at most --nodes 300, and bench/hub_scale.sh starts several with
// --first telling each where its node numbers begin.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "bench/node_identities.h"
#include "bench/simulated_agent.h"
#include "security/secrets.h"

namespace {

struct LoadOptions {
    std::string broker = "mqtt://127.0.0.1:1883";
    std::string prefix = "edgeorch";
    int nodes = 100;
    int first = 0;        // the first node is named sim-<first>
    int containers = 10;  // a node has converged once its desired set holds this many
    int report_interval_ms = 2000;
    bool create_identities = false;
};

edge::NodeFacts simulated_facts() {
    // A roomy amd64 SSD node, so placement never refuses a replica for lack of room.
    return {.memory_total = 8LL << 30,
            .arch = "amd64",
            .cpus = 4,
            .storage = edge::StorageKind::kSsd,
            .model = "simulated"};
}

bool all_connected(const std::vector<std::unique_ptr<edge::bench::SimulatedAgent>>& agents) {
    return std::all_of(agents.begin(), agents.end(), [](const auto& a) { return a->connected(); });
}

// The time the last node answered, or 0 while some node has not converged.
int64_t converged_at(const std::vector<std::unique_ptr<edge::bench::SimulatedAgent>>& agents,
                     int containers) {
    int64_t last = 0;
    for (const auto& agent : agents) {
        if (agent->reported_containers() != containers) return 0;
        last = std::max(last, agent->reported_at_ms());
    }
    return last;
}

// Creates the nodes' identities; returns the password they log in with.
edge::Result<std::string> make_identities(const LoadOptions& options,
                                          const std::vector<std::string>& names) {
    const char* username = std::getenv("EDGE_HUB_USERNAME");
    const char* admin_password = std::getenv("EDGE_HUB_PASSWORD");
    if (username == nullptr || admin_password == nullptr) {
        return edge::make_error(
            "--create-identities needs EDGE_HUB_USERNAME and EDGE_HUB_PASSWORD");
    }
    auto password = edge::random_secret();
    if (!password.ok()) return password.error();
    edge::bench::BrokerAdmin admin{options.broker, username, admin_password};
    edge::Status made =
        edge::bench::create_node_identities(admin, options.prefix, names, *password);
    if (!made.ok()) return made.error();
    return password;
}

}  // namespace

int main(int argc, char** argv) {
    LoadOptions options;
    CLI::App app{"Simulates N edge-agents over MQTT for the hub scale benchmark."};
    app.add_option("--broker", options.broker, "broker URL");
    app.add_option("--prefix", options.prefix, "topic prefix");
    app.add_option("--nodes", options.nodes, "simulated nodes")->check(CLI::Range(1, 300));
    app.add_option("--first", options.first, "number of the first simulated node");
    app.add_option("--containers", options.containers, "containers per node when converged");
    app.add_option("--report-interval-ms", options.report_interval_ms, "heartbeat interval")
        ->check(CLI::Range(100, 600000));
    app.add_flag("--create-identities", options.create_identities,
                 "give each simulated node its own broker identity first (see above)");
    CLI11_PARSE(app, argc, argv);
    spdlog::set_level(spdlog::level::err);  // 1,000 clients would drown the output

    // Blocked before any client thread starts, so only the wait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::vector<std::string> names;
    for (int i = 0; i < options.nodes; ++i)
        names.push_back("sim-" + std::to_string(options.first + i));
    std::string password;
    if (options.create_identities) {
        auto made = make_identities(options, names);
        if (!made.ok()) {
            std::fprintf(stderr, "load_agents: %s\n", made.error().message.c_str());
            return 1;
        }
        password = std::move(made).value();
    }

    auto started = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<edge::bench::SimulatedAgent>> agents;
    for (int i = 0; i < options.nodes; ++i) {
        auto agent = edge::bench::SimulatedAgent::create(options.broker, options.prefix, names[i],
                                                         simulated_facts(), password);
        if (!agent.ok() || !(*agent)->start().ok()) {
            std::fprintf(stderr, "load_agents: cannot start simulated node %d\n", i);
            return 1;
        }
        agents.push_back(std::move(agent).value());
    }

    bool reported_connected = false;
    bool reported_converged = false;
    auto next_heartbeat = started + std::chrono::milliseconds(options.report_interval_ms);
    const timespec tick{0, 20 * 1000 * 1000};
    while (sigtimedwait(&stop_signals, nullptr, &tick) < 0) {
        auto now = std::chrono::steady_clock::now();
        if (!reported_connected && all_connected(agents)) {
            reported_connected = true;
            auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
            std::printf("connected %d %lld\n", options.nodes, static_cast<long long>(ms.count()));
            std::fflush(stdout);
        }
        int64_t at = converged_at(agents, options.containers);
        if (at != 0 && !reported_converged) {
            std::printf("converged %d %lld\n", options.nodes, static_cast<long long>(at));
            std::fflush(stdout);
        }
        reported_converged = at != 0;
        if (now >= next_heartbeat) {
            for (auto& agent : agents) agent->heartbeat();
            next_heartbeat = now + std::chrono::milliseconds(options.report_interval_ms);
        }
    }
    for (auto& agent : agents) agent->stop();
    return 0;
}
