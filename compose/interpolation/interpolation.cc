#include "compose/interpolation/interpolation.h"

#include <cctype>
#include <string_view>

namespace edge::compose {

namespace {

bool starts_name(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}

bool continues_name(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

size_t name_end(std::string_view text, size_t start) {
    size_t end = start;
    while (end < text.size() && continues_name(text[end])) ++end;
    return end;
}

// The index of the `}` that closes a `${` whose body starts at `start`, skipping nested
// `${...}` and `$$`; npos when it is never closed.
size_t closing_brace(std::string_view text, size_t start) {
    int depth = 1;
    for (size_t i = start; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && (text[i + 1] == '$' || text[i + 1] == '{')) {
            if (text[i + 1] == '{') ++depth;
            ++i;
        } else if (text[i] == '}' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

class Interpolator {
  public:
    Interpolator(const Variables& variables, std::vector<std::string>& unset)
        : variables_(variables), unset_(unset) {}

    Result<std::string> run(std::string_view text) {
        // Defaults nest (${A:-${B:-c}}); real files nest two or three deep, and an unbounded
        // depth would let a hostile value exhaust the stack.
        if (depth_ >= kMaxNesting) {
            return make_error("interpolation nested deeper than " + std::to_string(kMaxNesting) +
                              " levels");
        }
        ++depth_;
        auto result = run_at_depth(text);
        --depth_;
        return result;
    }

  private:
    static constexpr int kMaxNesting = 16;

    Result<std::string> run_at_depth(std::string_view text) {
        std::string out;
        out.reserve(text.size());
        for (size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '$' || i + 1 == text.size()) {
                out += text[i];
                continue;
            }
            char next = text[i + 1];
            if (next == '$') {
                out += '$';
                ++i;
            } else if (starts_name(next)) {
                size_t end = name_end(text, i + 1);
                out += lookup(std::string(text.substr(i + 1, end - i - 1)));
                i = end - 1;
            } else if (next == '{') {
                size_t close = closing_brace(text, i + 2);
                if (close == std::string_view::npos) {
                    return make_error("\"${\" is not closed in \"" + std::string(text) +
                                      "\"; write $$ for a literal $");
                }
                auto value = braced(text.substr(i + 2, close - i - 2));
                if (!value) return value.error();
                out += *value;
                i = close;
            } else {
                out += '$';  // "$1", "$ " or "$-": not a variable, and Compose keeps it
            }
        }
        return out;
    }

    // The body of one ${...}: NAME, then optionally an operator and its word.
    Result<std::string> braced(std::string_view body) {
        size_t end = body.empty() || !starts_name(body[0]) ? 0 : name_end(body, 0);
        bool colon = end < body.size() && body[end] == ':';
        size_t op = end + (colon ? 1 : 0);
        if (end == 0 ||
            (end < body.size() &&
             (op >= body.size() || (body[op] != '-' && body[op] != '?' && body[op] != '+')))) {
            return make_error("invalid interpolation \"${" + std::string(body) +
                              "}\"; expected ${NAME}, ${NAME:-default}, ${NAME:?message} or "
                              "${NAME:+alternative}, or $$ for a literal $");
        }
        std::string name(body.substr(0, end));
        if (end == body.size()) return lookup(name);

        auto found = variables_.find(name);
        // With a colon, an empty value counts as unset, as in the shell.
        bool has_value = found != variables_.end() && !(colon && found->second.empty());
        std::string_view word = body.substr(op + 1);
        switch (body[op]) {
            case '-':
                if (has_value) return found->second;
                return run(word);
            case '+':
                if (has_value) return run(word);
                return std::string();
            default: {  // '?'
                if (has_value) return found->second;
                auto message = run(word);
                if (!message) return message.error();
                std::string text = "required variable " + name + " is " +
                                   (found == variables_.end() ? "not set" : "empty");
                return make_error(message->empty() ? text : text + ": " + *message);
            }
        }
    }

    std::string lookup(const std::string& name) {
        auto found = variables_.find(name);
        if (found != variables_.end()) return found->second;
        unset_.push_back(name);
        return "";
    }

    const Variables& variables_;
    std::vector<std::string>& unset_;
    int depth_ = 0;
};

}  // namespace

Result<Interpolated> interpolate(const std::string& text, const Variables& variables) {
    Interpolated result;
    auto out = Interpolator(variables, result.unset).run(text);
    if (!out) return out.error();
    result.text = std::move(*out);
    return result;
}

}  // namespace edge::compose
