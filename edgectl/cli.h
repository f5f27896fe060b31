// The edgectl command line: global options, the context a command runs in, and the exit codes.
// A subcommand's parse callback only records what to run; run_cli() runs it after parsing so
// that every command reports errors and exit codes the same way.
// Thread-safety: used from main's thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "edgectl/connection.h"
#include "edgectl/output.h"

namespace edge::ctl {

// Exit codes: 0 success; 1 the operation failed (hub error, timeout, pending replicas);
// 2 the input was wrong (bad arguments, an invalid compose file).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

inline constexpr const char* kDefaultBrokerUrl = "mqtt://127.0.0.1:1883";

struct GlobalOptions {
    std::string context;  // empty: $EDGE_CONTEXT, else the current context (if any)
    std::string broker;   // empty: $EDGE_BROKER, else the context's, else kDefaultBrokerUrl
    std::string prefix = kDefaultTopicPrefix;
    std::string timeout = "10s";
    std::string environment;  // --env; empty: `default` for deploys, every one for listings
    std::string output = "table";
    std::string username;
    std::string password;
    bool verbose = false;
};

class CommandContext {
  public:
    GlobalOptions globals;

    OutputFormat format() const {
        return globals.output == "json" ? OutputFormat::kJson : OutputFormat::kTable;
    }
    // Parses the global options into what HubConnection needs: flags, then environment
    // variables, then the context (see resolve_connection in edgectl/contexts.h).
    Result<ConnectionOptions> connection_options() const;
    Result<std::unique_ptr<HubConnection>> connect() const;
    // Connects and sends one operation: for the commands that ask the hub once.
    Result<nlohmann::json> request(const std::string& op, nlohmann::json args,
                                   const std::string& topic = "") const;

    // Called from a subcommand's parse callback: the command to run once parsing is done.
    void set_action(std::function<int()> action) { action_ = std::move(action); }
    const std::function<int()>& action() const { return action_; }

  private:
    std::function<int()> action_;
};

// Prints "error: MESSAGE" on stderr and returns `exit_code`.
int fail(const std::string& message, int exit_code = kExitFailure);

// Parses argv, runs the chosen command and returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace edge::ctl
