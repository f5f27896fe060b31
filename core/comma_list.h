// "web, db, cache": a list of names as messages and events show it.
#pragma once

#include <string>
#include <vector>

namespace edge {

inline std::string comma_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace edge
