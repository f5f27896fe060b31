#include "edgectl/contexts.h"

#include <sstream>

#include "bus/mqtt_client.h"
#include "core/names.h"

namespace edge::ctl {

namespace {

// contexts.json's field names, shared by the parser and the writer.
const std::pair<const char*, std::string HubContext::*> kContextFields[] = {
    {"broker", &HubContext::broker},     {"username", &HubContext::username},
    {"password", &HubContext::password}, {"tls_ca", &HubContext::tls_ca},
    {"tls_cert", &HubContext::tls_cert}, {"tls_key", &HubContext::tls_key},
};

std::string strip_blanks(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

Result<HubContext> parse_one_context(const nlohmann::json& json, const std::string& where) {
    if (!json.is_object()) return make_error(where + ": expected an object");
    HubContext context;
    for (const auto& [key, value] : json.items()) {
        bool known = false;
        for (const auto& [field, member] : kContextFields) {
            if (key != field) continue;
            if (!value.is_string()) {
                return make_error(where + "." + key + ": expected a string");
            }
            context.*member = value.get<std::string>();
            known = true;
        }
        if (!known) return make_error(where + "." + key + ": unknown key");
    }
    if (context.broker.empty()) return make_error(where + ".broker: expected a broker URL");
    return context;
}

}  // namespace

Status validate_context_name(const std::string& name) {
    return validate_name("context", name);
}

Status validate_context(const HubContext& context) {
    auto address = parse_broker_url(context.broker);
    if (!address) return make_error("--broker: " + address.error().message);
    if (context.tls_cert.empty() != context.tls_key.empty()) {
        return make_error("--cert and --key go together");
    }
    if (!context.tls_cert.empty() && context.tls_ca.empty()) {
        return make_error("--cert needs --ca, the CA that signed the broker's certificate");
    }
    if (!context.tls_ca.empty() && !address->tls) {
        return make_error("TLS files given for a plain mqtt:// broker URL; use mqtts://");
    }
    if (address->tls && context.tls_ca.empty()) {
        return make_error("an mqtts:// broker needs --ca");
    }
    return ok_status();
}

Result<ContextBook> parse_context_book(const std::string& text, const std::string& source) {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return make_error(source + ": expected a JSON object");
    }
    ContextBook book;
    for (const auto& [key, value] : json.items()) {
        if (key == "current") {
            if (!value.is_string()) return make_error(source + ": current: expected a string");
            book.current = value.get<std::string>();
        } else if (key == "contexts") {
            if (!value.is_object()) {
                return make_error(source + ": contexts: expected an object of contexts");
            }
            for (const auto& [name, entry] : value.items()) {
                if (Status valid = validate_context_name(name); !valid) {
                    return make_error(source + ": contexts." + name + ": " + valid.error().message);
                }
                auto context = parse_one_context(entry, source + ": contexts." + name);
                if (!context) return context.error();
                book.contexts[name] = std::move(*context);
            }
        } else if (key != "v") {
            return make_error(source + ": " + key + ": unknown key");
        }
    }
    if (!book.current.empty() && !book.contexts.contains(book.current)) {
        return make_error(source + ": current: no context named \"" + book.current + "\"");
    }
    return book;
}

std::string serialize_context_book(const ContextBook& book) {
    nlohmann::json contexts = nlohmann::json::object();
    for (const auto& [name, context] : book.contexts) {
        nlohmann::json entry = nlohmann::json::object();
        for (const auto& [field, member] : kContextFields) {
            if (!(context.*member).empty()) entry[field] = context.*member;
        }
        contexts[name] = std::move(entry);
    }
    nlohmann::json json = {{"v", 1}, {"current", book.current}, {"contexts", contexts}};
    return json.dump(2) + "\n";
}

Result<std::map<std::string, std::string>> parse_env_file(const std::string& text,
                                                          const std::string& source) {
    std::map<std::string, std::string> values;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        std::string content = strip_blanks(line);
        if (content.empty() || content.front() == '#') continue;
        if (content.rfind("export ", 0) == 0) content = strip_blanks(content.substr(7));
        size_t equals = content.find('=');
        std::string where = source + ":" + std::to_string(number) + ": ";
        if (equals == std::string::npos || equals == 0) {
            return make_error(where + "expected KEY=VALUE");
        }
        std::string key = content.substr(0, equals);
        std::string value = content.substr(equals + 1);
        if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) {
            if (value.back() != value.front()) {
                return make_error(where + key + ": unterminated quote");
            }
            value = value.substr(1, value.size() - 2);
        }
        values[key] = value;
    }
    return values;
}

Result<HubContext> context_from_env_file(const std::map<std::string, std::string>& values,
                                         const std::string& default_broker,
                                         const std::string& source) {
    auto value_of = [&](const char* key) {
        auto found = values.find(key);
        return found == values.end() ? std::string() : found->second;
    };
    HubContext context;
    context.broker = value_of("EDGE_BROKER");
    if (context.broker.empty()) context.broker = default_broker;
    context.username = value_of("EDGE_USERNAME");
    context.password = value_of("EDGE_PASSWORD");
    context.tls_ca = value_of("EDGE_TLS_CA");
    context.tls_cert = value_of("EDGE_TLS_CERT");
    context.tls_key = value_of("EDGE_TLS_KEY");
    if (context.username.empty() || context.password.empty()) {
        return make_error(source + ": expected EDGE_USERNAME and EDGE_PASSWORD");
    }
    if (Status valid = validate_context(context); !valid) {
        return make_error(source + ": " + valid.error().message);
    }
    return context;
}

Result<ResolvedConnection> resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                              const ContextBook& book,
                                              const std::string& default_broker) {
    std::string name = flags.context;
    bool explicit_choice = !name.empty();
    if (name.empty()) name = env("EDGE_CONTEXT").value_or("");
    explicit_choice = explicit_choice || !name.empty();
    if (name.empty()) name = book.current;
    HubContext context;
    if (!name.empty()) {
        auto found = book.contexts.find(name);
        if (found == book.contexts.end()) {
            return make_error("no context named \"" + name + "\"; see edgectl context ls");
        }
        context = found->second;
    }
    // Field by field: flag, then (unless a context was chosen explicitly) the environment,
    // then the context.
    auto pick = [&](const std::string& flag, const char* variable, const std::string& stored) {
        if (!flag.empty()) return flag;
        if (explicit_choice && !stored.empty()) return stored;
        if (auto from_env = env(variable)) return *from_env;
        return stored;
    };
    ResolvedConnection resolved;
    resolved.context = name;
    resolved.settings.broker = pick(flags.broker, "EDGE_BROKER", context.broker);
    if (resolved.settings.broker.empty()) resolved.settings.broker = default_broker;
    resolved.settings.username = pick(flags.username, "EDGE_USERNAME", context.username);
    resolved.settings.password = pick(flags.password, "EDGE_PASSWORD", context.password);
    resolved.settings.tls_ca = pick("", "EDGE_TLS_CA", context.tls_ca);
    resolved.settings.tls_cert = pick("", "EDGE_TLS_CERT", context.tls_cert);
    resolved.settings.tls_key = pick("", "EDGE_TLS_KEY", context.tls_key);
    return resolved;
}

}  // namespace edge::ctl
