#include "compose/interpolation/dotenv.h"
#include "compose/text_split.h"

#include <cctype>

namespace edge::compose {

namespace {

bool is_name(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
        return false;
    }
    for (char c : name) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    return true;
}

// Reads the file line by line, tracking the line number for messages.
class DotenvReader {
  public:
    DotenvReader(const std::string& text, const std::string& file_name, const Variables& outer,
                 std::vector<std::string>& warnings)
        : text_(text), file_name_(file_name), outer_(outer), warnings_(warnings) {}

    Result<Variables> read() {
        while (position_ < text_.size()) {
            std::string line = next_line();
            size_t start_line = line_;
            std::string content = trim_white_space(line);
            if (content.empty() || content[0] == '#') continue;
            if (content.starts_with("export ")) content = trim_white_space(content.substr(7));
            size_t equals = content.find('=');
            std::string name = trim_white_space(content.substr(0, equals));
            if (!is_name(name)) {
                return fail(start_line,
                            "\"" + name + "\" is not a variable name; expected NAME=value");
            }
            if (equals == std::string::npos) {
                if (auto found = lookup(name)) values_[name] = *found;
                continue;
            }
            auto value = parse_value(trim_white_space(content.substr(equals + 1)), start_line);
            if (!value) return value.error();
            values_[name] = *value;
        }
        return values_;
    }

  private:
    std::string next_line() {
        size_t end = text_.find('\n', position_);
        if (end == std::string::npos) end = text_.size();
        std::string line = text_.substr(position_, end - position_);
        position_ = end + 1;
        ++line_;
        return line;
    }

    Error fail(size_t line, const std::string& message) const {
        return make_error(file_name_ + ":" + std::to_string(line) + ": " + message);
    }

    const std::string* lookup(const std::string& name) const {
        if (auto found = values_.find(name); found != values_.end()) return &found->second;
        if (auto found = outer_.find(name); found != outer_.end()) return &found->second;
        return nullptr;
    }

    Result<std::string> expand(const std::string& value, size_t line) {
        Variables scope = outer_;
        for (const auto& [name, text] : values_) scope[name] = text;
        auto expanded = interpolate(value, scope);
        if (!expanded) return fail(line, expanded.error().message);
        for (const std::string& name : expanded->unset) {
            warnings_.push_back(file_name_ + ":" + std::to_string(line) + ": variable " + name +
                                " is not set; using an empty string");
        }
        return expanded->text;
    }

    // A quoted value may continue on the following lines until its closing quote.
    Result<std::string> parse_value(std::string value, size_t line) {
        if (value.empty() || (value[0] != '"' && value[0] != '\'')) {
            // An unquoted value ends at a comment, which needs a blank before its '#'.
            for (size_t i = 1; i < value.size(); ++i) {
                if (value[i] == '#' && is_white_space(value[i - 1])) {
                    value = trim_white_space(value.substr(0, i));
                    break;
                }
            }
            return expand(value, line);
        }
        const char quote = value[0];
        std::string body = value.substr(1);
        for (;;) {
            size_t close = find_closing(body, quote);
            if (close != std::string::npos) {
                std::string rest = trim_white_space(body.substr(close + 1));
                if (!rest.empty() && rest[0] != '#') {
                    return fail(line, "unexpected \"" + rest + "\" after the closing quote");
                }
                body.resize(close);
                break;
            }
            if (position_ >= text_.size()) {
                return fail(line, std::string("the value's ") + quote + " is not closed");
            }
            body += "\n" + next_line();
        }
        if (quote == '\'') return body;
        return expand(unescape(body), line);
    }

    static size_t find_closing(const std::string& body, char quote) {
        for (size_t i = 0; i < body.size(); ++i) {
            if (quote == '"' && body[i] == '\\') {
                ++i;
            } else if (body[i] == quote) {
                return i;
            }
        }
        return std::string::npos;
    }

    static std::string unescape(const std::string& body) {
        std::string out;
        for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] != '\\' || i + 1 == body.size()) {
                out += body[i];
                continue;
            }
            char next = body[++i];
            if (next == 'n') {
                out += '\n';
            } else if (next == 't') {
                out += '\t';
            } else if (next == 'r') {
                out += '\r';
            } else if (next == '"' || next == '\\') {
                out += next;
            } else {
                out += '\\';
                out += next;
            }
        }
        return out;
    }

    const std::string& text_;
    const std::string& file_name_;
    const Variables& outer_;
    std::vector<std::string>& warnings_;
    Variables values_;
    size_t position_ = 0;
    size_t line_ = 0;
};

}  // namespace

Result<Variables> parse_dotenv(const std::string& text, const std::string& file_name,
                               const Variables& outer, std::vector<std::string>& warnings) {
    return DotenvReader(text, file_name, outer, warnings).read();
}

}  // namespace edge::compose
