#include "compose/fields/command_split.h"

namespace edge::compose {

namespace {

bool separates_words(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Inside double quotes a backslash only escapes the characters that are special there;
// before anything else it stays a literal backslash, as in sh.
bool escapable_in_double_quotes(char c) {
    return c == '"' || c == '\\' || c == '$' || c == '`';
}

}  // namespace

Result<std::vector<std::string>> split_command(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;  // distinguishes an empty quoted word ('') from no word at all
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (separates_words(c)) {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
            ++i;
        } else if (c == '\'') {
            size_t close = text.find('\'', i + 1);
            if (close == std::string::npos) return make_error("unterminated single quote");
            word.append(text, i + 1, close - i - 1);
            in_word = true;
            i = close + 1;
        } else if (c == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char d = text[i];
                if (d == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == '\\' && i + 1 < text.size() && escapable_in_double_quotes(text[i + 1])) {
                    word += text[i + 1];
                    i += 2;
                    continue;
                }
                word += d;
                ++i;
            }
            if (!closed) return make_error("unterminated double quote");
            in_word = true;
        } else if (c == '\\') {
            if (i + 1 >= text.size()) return make_error("trailing backslash");
            word += text[i + 1];
            in_word = true;
            i += 2;
        } else {
            word += c;
            in_word = true;
            ++i;
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

}  // namespace edge::compose
