// The tables and JSON of `context ls` and `context show`. Passwords never appear: only
// whether one is stored.
#include "edgectl/commands.h"

namespace edge::ctl {

namespace {

std::string or_dash(const std::string& text) {
    return text.empty() ? "-" : text;
}

}  // namespace

std::string render_contexts(const ContextBook& book) {
    Table table({"CURRENT", "NAME", "BROKER", "USERNAME", "TLS"});
    for (const auto& [name, context] : book.contexts) {
        table.add_row(
            {name == book.current ? "*" : "", name, context.broker, or_dash(context.username),
             context.tls_cert.empty() ? (context.tls_ca.empty() ? "-" : "ca") : "client-cert"});
    }
    return table.render();
}

std::string render_context(const std::string& name, const HubContext& context) {
    std::string text = "name:      " + name + "\n";
    text += "broker:    " + context.broker + "\n";
    text += "username:  " + or_dash(context.username) + "\n";
    text += std::string("password:  ") + (context.password.empty() ? "-" : "(stored)") + "\n";
    text += "tls ca:    " + or_dash(context.tls_ca) + "\n";
    text += "tls cert:  " + or_dash(context.tls_cert) + "\n";
    text += "tls key:   " + or_dash(context.tls_key) + "\n";
    return text;
}

nlohmann::json context_json(const std::string& name, const HubContext& context, bool current) {
    return {{"name", name},
            {"current", current},
            {"broker", context.broker},
            {"username", context.username},
            {"password_stored", !context.password.empty()},
            {"tls_ca", context.tls_ca},
            {"tls_cert", context.tls_cert},
            {"tls_key", context.tls_key}};
}

nlohmann::json contexts_json(const ContextBook& book) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [name, context] : book.contexts) {
        rows.push_back(context_json(name, context, name == book.current));
    }
    return rows;
}

}  // namespace edge::ctl
