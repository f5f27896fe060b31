// The request operations edgectl sends to the hub (topic <prefix>/hub/requests, see topics.h).
// Each is a Request{op, args}; the hub answers with a Response{ok, error, data}.
// The shapes below are the contract between hub/request_handlers and edgectl/.
//
//   op            args                                   data
//   ------------  -------------------------------------  -----------------------------------------
//   deploy        {"stack": StackSpec (stack_to_json)}   {"stack": NAME, "replicas": [ReplicaRow]}
//                 "dry_run": BOOL? (plan only, store      + with dry_run: {"dry_run": true,
//                  and publish nothing)                      "plan": ["SUBJECT: what moves"],
//                                                          "changes": ["SERVICE: what changes"]}
//   stack.ls      {}                                     [{"name","services","desired","running",
//                                                          "updated_ms"}]
//   stack.rm      {"stack": NAME}                        {"stack": NAME, "removed_services": N}
//   service.ls    {"stack": NAME?}                       [{"stack","service","image","mode",
//                                                          "desired","running","memory_limit",
//                                                          "memory_reservation","endpoints",
//                                                          "memory_mode", and for auto and
//                                                          recommend "memory_peak_window",
//                                                          "memory_recommendation" (0: not yet),
//                                                          "memory_observed_ms",
//                                                          "memory_observation_ms",
//                                                          "memory_pending",
//                                                          "rollout"?: {"phase","started_ms",
//                                                          "next_batch_ms","failures",
//                                                          "message"}}]
//   service.ps    {"service": "NAME" | "STACK/NAME"}     [ReplicaRow]
//   node.ls       {}                                     [NodeRow]
//   node.label    {"node": NAME, "set": {K: V},          NodeRow
//                  "remove": [K]}
//   node.drain    {"node": NAME}                         NodeRow (its replicas are moving away)
//   node.activate {"node": NAME}                         NodeRow
//   node.rm       {"node": NAME, "force": BOOL?}         {"node": NAME, "moved_replicas": N}
//   events        {"since_ms": N?, "limit": N?}          [Event (event_to_json)]
//   logs          {"service": "NAME" | "STACK/NAME",     {"session","lease_ms","stack","service",
//                  "session": ID, "tail": N?,              "nodes": [NAME],
//                  "since_ms": N?, "follow": BOOL?}        "replicas": [{"replica","node"}],
//                                                          "unreachable": [{"node","state"}]}
//   logs.renew    {"session": ID}                        {"session", "lease_ms"}
//   logs.stop     {"session": ID}                        {"session"}
//   (log lines then arrive on <prefix>/clients/<session>/logs; see topics.h, log_messages.h)
//
// ReplicaRow: {"stack","service","replica","node" ("" when pending),"state","reason",
//              "memory_limit","memory_reservation","image","container_id","spec_hash",
//              and the service's memory fields as in service.ls}
//   state: pending | assigned (sent to the node, not yet observed) | running | created |
//          restarting | exited | dead | outdated (running an older spec, or the previous one
//          while a rolling update has not reached it) | unknown (node down)
// NodeRow: {"name","state" (ready|unreachable|down),"state_since_ms","drained","online",
//           "class","arch","cpus","storage",
//           "model","memory_total","allocatable","reserved","replicas","labels",
//           "last_seen_ms","generation","observed_generation"}
#pragma once

namespace edge::ops {

inline constexpr const char* kDeploy = "deploy";
inline constexpr const char* kStackList = "stack.ls";
inline constexpr const char* kStackRemove = "stack.rm";
inline constexpr const char* kServiceList = "service.ls";
inline constexpr const char* kServicePs = "service.ps";
inline constexpr const char* kNodeList = "node.ls";
inline constexpr const char* kNodeLabel = "node.label";
inline constexpr const char* kNodeDrain = "node.drain";
inline constexpr const char* kNodeActivate = "node.activate";
inline constexpr const char* kNodeRemove = "node.rm";
inline constexpr const char* kEvents = "events";
// Environments (docs/environments.md): env.create {environment, constraints: ["k==v"...]},
// env.ls, env.rm {environment}.
inline constexpr const char* kEnvCreate = "env.create";
inline constexpr const char* kEnvList = "env.ls";
inline constexpr const char* kEnvRemove = "env.rm";
// env.create and env.set also take "memory_factor" (a number) and "webhooks" (webhook lines,
// hub/notify/webhook_config.h; [] removes them); env.ls rows show both (URLs without their
// secrets).
inline constexpr const char* kEnvSet = "env.set";
// promote {stack, from, to, dry_run?, images?}: hub/api/promote_handler.h. Answers as deploy (or
// its dry run) plus "from", "to", "source", "images" {SERVICE: pinned image}, "changes".
inline constexpr const char* kPromote = "promote";
// The HTTP API's tokens (hub/api/token_handlers.h): token.create {name, read_only?} ->
// {name, token, read_only} (the token is shown only here); token.ls -> [{name, read_only,
// created_ms}]; token.rm {name} -> {name}.
inline constexpr const char* kTokenCreate = "token.create";
inline constexpr const char* kTokenList = "token.ls";
inline constexpr const char* kTokenRemove = "token.rm";
inline constexpr const char* kLogs = "logs";
inline constexpr const char* kLogsRenew = "logs.renew";
inline constexpr const char* kLogsStop = "logs.stop";
// {"service": "SERVICE" or "STACK/SERVICE"} -> {"stack","service","image","replicas":[ReplicaRow]}
inline constexpr const char* kServiceRollback = "service.rollback";
// {"service": "SERVICE" or "STACK/SERVICE", "apply": BOOL?} -> the service's learned memory
// (hub/memory/resize_handler.h); with apply, takes the recommendation.
inline constexpr const char* kServiceResize = "service.resize";
// Secrets and configs: see hub/files/secret_handlers.h for their arguments and answers. deploy
// also takes "files" ([{"hash","data"}], compose/shipping/ship_files.h) and "secrets"
// ([{"name","data"}]).
inline constexpr const char* kSecretCreate = "secret.create";
inline constexpr const char* kSecretList = "secret.ls";
inline constexpr const char* kSecretRemove = "secret.rm";
inline constexpr const char* kConfigCreate = "config.create";
inline constexpr const char* kConfigList = "config.ls";
inline constexpr const char* kConfigRemove = "config.rm";
// Jobs (docs/jobs.md, hub/jobs/job_handlers.h). A job is named by "stack" (its name in
// "environment", default `default`) and "service"; a listing takes "environment" as a filter.
// RUN: {"id","stack","service","trigger": "schedule" | "on-demand",
// "occurrence_ms","state": "planned" | "running" | "retry-wait" | "succeeded" | "failed" |
// "missed","attempts","started_ms","ended_ms","exit_code": N | null,"reason","nodes": [NAME]}.
// {} -> {"jobs": [{"stack","service","mode": "replicated-job" | "global-job","schedule" ("":
// on demand),"timezone","suspended","next_ms": N | null,"last": null | {"id","state",
// "ended_ms","exit_code": N | null,"reason"},"succeeded","finished","active"}]}
inline constexpr const char* kJobList = "job.ls";
// {"stack","service"} -> {"runs": [RUN]}, newest first
inline constexpr const char* kJobRuns = "job.runs";
// {"run": ID} -> {"run": RUN, "output": the last 64 KiB of the run's output}
inline constexpr const char* kJobLogs = "job.logs";
// {"stack","service"} -> {"run": ID}: a run on demand
inline constexpr const char* kJobRun = "job.run";
// {"stack","service"} -> {"stack","service","suspended"}: no scheduled runs while suspended;
// active runs go on
inline constexpr const char* kJobSuspend = "job.suspend";
inline constexpr const char* kJobResume = "job.resume";

}  // namespace edge::ops
