#include "compose/yaml_value.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <utility>

#include "core/reconcile/health.h"

namespace edge::compose {

namespace {

std::string child_path(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

bool is_merge_key(const YAML::Node& key) {
    // A quoted "<<" is an ordinary key; only the plain one asks for a merge.
    return key.IsScalar() && key.Scalar() == "<<" && key.Tag() == "?";
}

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::vector<std::string> in_line_order(std::vector<Diagnostic> diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    std::vector<std::string> texts;
    std::set<std::string> seen;
    for (Diagnostic& diagnostic : diagnostics) {
        // One mistake can be met twice (a value read by two checks); say it once.
        if (seen.insert(diagnostic.text).second) texts.push_back(std::move(diagnostic.text));
    }
    return texts;
}

}  // namespace

void ParseContext::add_error(const Error& error) {
    // Every message the parser makes starts `FILE:LINE:`; the line orders the report.
    int line = 0;
    const std::string& text = error.message;
    if (text.starts_with(file_name + ":")) {
        size_t at = file_name.size() + 1;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
            line = line * 10 + (text[at] - '0');
            if (line > 100'000'000) break;
            ++at;
        }
    }
    errors.push_back(Diagnostic{line, text});
}

std::vector<std::string> ParseContext::warnings_in_file_order() const {
    return in_line_order(warnings);
}

Error ParseContext::errors_in_file_order() const {
    std::string message;
    for (const std::string& text : in_line_order(errors)) {
        message += (message.empty() ? "" : "\n") + text;
    }
    return make_error(message);
}

Value::Value(ParseContext& context, YAML::Node node, std::string path, YAML::Mark mark)
    : context_(&context), node_(std::move(node)), path_(std::move(path)), mark_(mark) {}

std::string Value::location() const {
    std::string where = context_->file_name;
    if (mark_.line >= 0) where += ":" + std::to_string(mark_.line + 1);
    return where + ": " + (path_.empty() ? "(top level)" : path_);
}

Error Value::fail(const std::string& message) const {
    return make_error(location() + ": " + message);
}

Error Value::expected(const std::string& what) const {
    return fail("expected " + what + ", got " + describe());
}

Error Value::missing(const std::string& key, const std::string& why) const {
    return Value(*context_, YAML::Node(), child_path(path_, key), mark_).fail("missing; " + why);
}

void Value::warn(const std::string& message) const {
    context_->warnings.push_back(Warning{line(), location() + ": " + message});
}

std::string Value::describe() const {
    if (node_.IsMap()) return "a map";
    if (node_.IsSequence()) return "a list";
    if (!node_.IsScalar()) return "null";
    constexpr size_t kShown = 60;
    const std::string& text = node_.Scalar();
    if (text.size() > kShown) return "\"" + text.substr(0, kShown) + "...\"";
    return "\"" + text + "\"";
}

Result<std::vector<Entry>> Value::entries() const {
    if (!is_map()) return expected("a map");

    // Keys written in this map win over merged ones wherever they appear, so collect them first.
    std::set<std::string> written_keys;
    // yaml-cpp iterators yield temporaries; range-for keeps each pair alive for its iteration.
    for (const auto& pair : node_) {
        const YAML::Node& key = pair.first;
        if (!key.IsScalar()) {
            return Value(*context_, key, path_, key.Mark()).expected("a plain key");
        }
        if (is_merge_key(key)) continue;
        if (!written_keys.insert(key.Scalar()).second) {
            return Value(*context_, pair.second, child_path(path_, key.Scalar()), key.Mark())
                .fail("duplicate key");
        }
    }

    std::vector<Entry> result;
    std::set<std::string> taken = written_keys;
    for (const auto& pair : node_) {
        const YAML::Node& key = pair.first;
        if (!is_merge_key(key)) {
            result.push_back(
                Entry{key.Scalar(),
                      Value(*context_, pair.second, child_path(path_, key.Scalar()), key.Mark())});
            continue;
        }
        // `<<: *a` or `<<: [*a, *b]`; with a list, earlier maps win, as YAML specifies.
        Value merge(*context_, pair.second, child_path(path_, "<<"), key.Mark());
        std::vector<Value> sources;
        if (merge.is_map()) {
            sources.push_back(merge);
        } else if (merge.is_list()) {
            auto items = merge.items();
            if (!items) return items.error();
            for (const Value& item : *items) {
                if (!item.is_map()) return item.expected("a map to merge");
                sources.push_back(item);
            }
        } else {
            return merge.expected("a map or a list of maps to merge");
        }
        for (const Value& source : sources) {
            // The merged entries become entries of this map, so they take this map's path.
            auto merged = Value(*context_, source.node(), path_, source.mark_).entries();
            if (!merged) return merged.error();
            for (Entry& entry : *merged) {
                if (taken.insert(entry.key).second) result.push_back(std::move(entry));
            }
        }
    }
    return result;
}

Result<std::vector<Value>> Value::items() const {
    if (!is_list()) return expected("a list");
    std::vector<Value> result;
    size_t index = 0;
    for (const auto& item : node_) {
        // An empty item's own mark points at the next token; its list is a better place.
        YAML::Mark mark = item.IsNull() ? mark_ : item.Mark();
        result.emplace_back(*context_, item, path_ + "[" + std::to_string(index) + "]", mark);
        ++index;
    }
    return result;
}

Result<std::string> Value::text(const std::string& what) const {
    if (!is_scalar()) return expected(what);
    return node_.Scalar();
}

Result<int64_t> Value::integer(int64_t min, int64_t max) const {
    std::string what = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!is_scalar()) return expected(what);
    const std::string& text = node_.Scalar();
    int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || number < min ||
        number > max) {
        return expected(what);
    }
    return number;
}

Result<bool> Value::boolean() const {
    if (is_scalar()) {
        std::string text = lowercase(node_.Scalar());
        if (text == "true" || text == "yes" || text == "on") return true;
        if (text == "false" || text == "no" || text == "off") return false;
    }
    return expected("true or false");
}

Result<int64_t> Value::duration(const std::string& what) const {
    auto written = text(what);
    if (!written) return written.error();
    auto ms = parse_compose_duration(*written);
    if (!ms) return fail(ms.error().message);
    return *ms;
}

}  // namespace edge::compose
