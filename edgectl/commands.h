// edgectl's command families. Each add_* function registers its subcommands on the app; the
// render_* functions turn the hub's answers (shapes in schema/requests.h) into the human
// tables and are pure, so they are unit-tested without a hub.
// Thread-safety: main's thread only.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "edgectl/cli.h"
#include "edgectl/contexts.h"
#include "schema/messages.h"

namespace edge::ctl {

void add_deploy_command(CLI::App& app, CommandContext& context);
// `config render` (edgectl/config_render.cc).
void add_config_commands(CLI::App& app, CommandContext& context);
void add_stack_commands(CLI::App& app, CommandContext& context);
void add_service_commands(CLI::App& app, CommandContext& context);
void add_node_commands(CLI::App& app, CommandContext& context);
void add_events_command(CLI::App& app, CommandContext& context);
void add_logs_command(CLI::App& app, CommandContext& context);
// `context create|ls|use|rm|show|import` (edgectl/commands/context.cc).
void add_context_commands(CLI::App& app, CommandContext& context);
// `env create|ls|rm` (edgectl/commands/env.cc).
void add_env_commands(CLI::App& app, CommandContext& context);
// `token create|ls|rm` (edgectl/commands/token.cc): the HTTP API's tokens.
void add_token_commands(CLI::App& app, CommandContext& context);
// `job ls|runs|logs|run|suspend|resume` (edgectl/commands/job.cc, docs/jobs.md).
void add_job_commands(CLI::App& app, CommandContext& context);
// `promote STACK --from ENV --to ENV` (edgectl/commands/promote.cc), and what it shows before
// asking.
void add_promote_command(CLI::App& app, CommandContext& context);
std::string render_promote_preview(const nlohmann::json& data);
// The table of `env ls`.
std::string render_environments(const nlohmann::json& rows);
// `secret` and `config`: create, ls, rm (edgectl/commands/secret.cc).
void add_secret_commands(CLI::App& app, CommandContext& context);
// `node add` and `node revoke`, registered on the `node` subcommand
// (edgectl/commands/node_credentials.cc).
void add_node_credential_commands(CLI::App& node, CommandContext& context);
// Deletes the node's broker identity through the hub's credential service.
Status revoke_node_credentials(const CommandContext& context, const std::string& node);
// Where nodes redeem join tokens: lan_broker_url on the broker's join port, 8884.
std::string default_join_broker(const std::string& broker_url);
// `env grant` and `env revoke`, registered on the `env` subcommand
// (edgectl/commands/env_access.cc).
void add_env_access_commands(CLI::App& env, CommandContext& context);
// The edgectl.env `env grant` writes, which `context import` reads: the broker, the identity,
// and the TLS files by the names they have beside it.
std::string granted_env_file(const std::string& broker_url, const std::string& username,
                             const std::string& password, const std::string& ca_file,
                             const std::string& cert_file, const std::string& key_file);

// [ReplicaRow] -> table of replicas (deploy, service ps).
std::string render_replicas(const nlohmann::json& rows);
// edgectl service rollback SERVICE (edgectl/commands/rollback.cc).
int run_service_rollback(const CommandContext& context, const std::string& service);
// With the clock given, for tests: OOM summaries ("OOM-killed 3× in 10 min ...") depend on it.
std::string render_replicas(const nlohmann::json& rows, int64_t now_ms);
// One line per pending replica: "demo/web replica 2 is pending: REASON".
std::string render_pending(const nlohmann::json& rows);
size_t count_pending(const nlohmann::json& rows);

std::string render_stacks(const nlohmann::json& rows, int64_t now_ms);
// The table of `secret ls` (secrets) or `config ls`: names, versions or hashes, users.
std::string render_secrets_or_configs(const nlohmann::json& rows, bool secrets);
std::string render_services(const nlohmann::json& rows);
std::string render_nodes(const nlohmann::json& rows, int64_t now_ms);
// A NodeRow's state for people: "ready", "down", "ready,drained".
std::string node_state_cell(const nlohmann::json& row);
// "k1=v1,k2=v2" in key order; "-" when there are none.
std::string render_labels(const nlohmann::json& labels);

std::string render_events(const nlohmann::json& rows);
// One followed event as a single line: "2024-05-01 14:03:07  placement  demo/web  MESSAGE".
std::string render_event_line(const Event& event);

// `context ls` and `context show` (edgectl/context_render.cc): never a password, only whether
// one is stored.
std::string render_contexts(const ContextBook& book);
std::string render_context(const std::string& name, const HubContext& context);
nlohmann::json context_json(const std::string& name, const HubContext& context, bool current);
nlohmann::json contexts_json(const ContextBook& book);

}  // namespace edge::ctl
