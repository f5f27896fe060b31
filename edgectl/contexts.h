// Contexts: named sets of connection settings (broker, identity, TLS files), like
// `docker context` or a kubeconfig, so one edgectl drives several hubs. This file is the pure
// part: the contexts.json model, reading `edge-hub init`'s edgectl.env, and the precedence
// rule (flags over environment variables over the context). contexts_file.h does the I/O.
// Thread-safety: plain values and stateless functions.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace edge::ctl {

// One way to reach one hub. Empty fields mean "not set by this context".
struct HubContext {
    std::string broker;
    std::string username;
    std::string password;
    std::string tls_ca;
    std::string tls_cert;
    std::string tls_key;
    bool operator==(const HubContext&) const = default;
};

// What contexts.json holds.
struct ContextBook {
    std::string current;  // empty: no current context
    std::map<std::string, HubContext> contexts;
    bool operator==(const ContextBook&) const = default;
};

// Context names follow the node/stack name rules.
Status validate_context_name(const std::string& name);

// Checks what `context create` may store: a broker URL, and TLS files that fit together.
Status validate_context(const HubContext& context);

// `source` names the file in error messages. Unknown keys are refused so a typo is not
// silently ignored.
Result<ContextBook> parse_context_book(const std::string& text, const std::string& source);
std::string serialize_context_book(const ContextBook& book);

// Reads KEY=VALUE lines as `edge-hub init` writes them (and as `set -a; . FILE` reads them):
// comments, blank lines, optional "export " and single or double quotes.
Result<std::map<std::string, std::string>> parse_env_file(const std::string& text,
                                                          const std::string& source);

// The context an edgectl.env describes: EDGE_BROKER, EDGE_USERNAME, EDGE_PASSWORD and
// EDGE_TLS_CA/CERT/KEY. `default_broker` is used when the file names no broker.
Result<HubContext> context_from_env_file(const std::map<std::string, std::string>& values,
                                         const std::string& default_broker,
                                         const std::string& source);

// The connection settings given on the command line (empty: not given).
struct ConnectionFlags {
    std::string context;  // --context
    std::string broker;
    std::string username;
    std::string password;
};

// Looks up an environment variable; returns nullopt when unset or empty.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The settings to connect with and the name of the context they came from ("" for none).
struct ResolvedConnection {
    HubContext settings;
    std::string context;
};

// Precedence, field by field: a flag, then an environment variable (EDGE_BROKER,
// EDGE_USERNAME, EDGE_PASSWORD, EDGE_TLS_*), then the current context. A context named with
// --context (or $EDGE_CONTEXT) is an explicit choice on the command line, so its fields beat
// the environment variables; only individual flags beat it. The broker falls back to
// `default_broker`. Naming an unknown context is an error.
Result<ResolvedConnection> resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                              const ContextBook& book,
                                              const std::string& default_broker);

}  // namespace edge::ctl
