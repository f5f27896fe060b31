#include "compose/profiles.h"
#include "compose/text_split.h"

#include <algorithm>

namespace edge::compose {

std::vector<std::string> active_profiles(const std::vector<std::string>& flags,
                                         const Variables& variables) {
    if (!flags.empty()) return flags;
    std::vector<std::string> names;
    auto found = variables.find("COMPOSE_PROFILES");
    if (found == variables.end()) return names;
    size_t start = 0;
    for (;;) {
        size_t comma = found->second.find(',', start);
        std::string name = trim_white_space(found->second.substr(start, comma - start));
        if (!name.empty()) names.push_back(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return names;
}

Result<bool> service_is_active(const Value& service, const std::vector<std::string>& active) {
    if (!service.is_map()) return true;  // the service's own parse reports what is wrong
    auto entries = service.entries();
    if (!entries) return true;
    for (const Entry& entry : *entries) {
        if (entry.key != "profiles" || entry.value.is_null()) continue;
        auto items = entry.value.items();
        if (!items) return items.error();
        if (items->empty()) return true;
        bool any_active = false;
        for (const Value& item : *items) {
            auto name = item.text("a profile name");
            if (!name) return name.error();
            if (name->empty()) return item.expected("a profile name");
            any_active = any_active ||
                         std::find(active.begin(), active.end(), *name) != active.end() ||
                         std::find(active.begin(), active.end(), "*") != active.end();
        }
        return any_active;
    }
    return true;
}

}  // namespace edge::compose
