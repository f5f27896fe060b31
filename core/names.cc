#include "core/names.h"

namespace edge {

Status validate_name(const std::string& what, const std::string& name) {
    auto fail = [&](const std::string& why) {
        return make_error(what + " name \"" + name + "\" " + why +
                          "; expected 1-63 characters of a-z, 0-9, '-', '_' or '.', "
                          "starting with a letter or digit");
    };
    if (name.empty()) return fail("is empty");
    if (name.size() > kMaxNameLength) return fail("is too long");
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (i == 0 && !alnum) return fail("does not start with a letter or digit");
        if (!alnum && c != '-' && c != '_' && c != '.') return fail("has an invalid character");
    }
    return ok_status();
}

Status validate_file_object_name(const std::string& what, const std::string& name) {
    auto fail = [&](const std::string& why) {
        return make_error(what + " name \"" + name + "\" " + why +
                          "; expected 1-128 characters of letters, digits, '-', '_' or '.', "
                          "starting with a letter or digit");
    };
    if (name.empty()) return fail("is empty");
    if (name.size() > 128) return fail("is too long");
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (i == 0 && !alnum) return fail("does not start with a letter or digit");
        if (!alnum && c != '-' && c != '_' && c != '.') return fail("has an invalid character");
    }
    return ok_status();
}

}  // namespace edge
