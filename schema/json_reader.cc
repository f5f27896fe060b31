#include "schema/json_reader.h"

namespace edge {

void JsonReader::fail_at(const std::string& full_field, const std::string& expected) {
    if (error_->empty()) *error_ = "field \"" + full_field + "\": expected " + expected;
}

void JsonReader::reject(const std::string& key, const std::string& message) {
    if (error_->empty()) *error_ = "field \"" + field(key.c_str()) + "\": " + message;
}

const nlohmann::json* JsonReader::lookup(const char* key, bool required, const char* expected) {
    if (!ok() || !object_.is_object()) return nullptr;
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
        if (required) fail(key, expected);
        return nullptr;
    }
    return &*it;
}

std::string JsonReader::string(const char* key, size_t max_length, bool required) {
    const std::string expected = "a string of at most " + std::to_string(max_length) + " bytes";
    const nlohmann::json* value = lookup(key, required, expected.c_str());
    if (value == nullptr) return {};
    if (!value->is_string() || value->get_ref<const std::string&>().size() > max_length) {
        fail(key, expected);
        return {};
    }
    return value->get<std::string>();
}

int64_t JsonReader::integer(const char* key, int64_t min, int64_t max, bool required,
                            int64_t fallback) {
    const std::string expected =
        "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    const nlohmann::json* value = lookup(key, required, expected.c_str());
    if (value == nullptr) return fallback;
    if (!value->is_number_integer()) {
        fail(key, expected);
        return fallback;
    }
    // Unsigned values above INT64_MAX are out of range whatever the bounds.
    if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(max)) {
        fail(key, expected);
        return fallback;
    }
    int64_t number = value->get<int64_t>();
    if (number < min || number > max) {
        fail(key, expected);
        return fallback;
    }
    return number;
}

bool JsonReader::boolean(const char* key, bool required, bool fallback) {
    const nlohmann::json* value = lookup(key, required, "true or false");
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) {
        fail(key, "true or false");
        return fallback;
    }
    return value->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::optional_string_list(const char* key) {
    const nlohmann::json* value = lookup(key, false, "an array of strings");
    if (value == nullptr) return std::nullopt;
    if (!value->is_array() || value->size() > kMaxJsonListLength) {
        fail(key, "an array of at most 10000 strings");
        return std::nullopt;
    }
    std::vector<std::string> list;
    for (const auto& item : *value) {
        if (!item.is_string() || item.get_ref<const std::string&>().size() > 4096) {
            fail(key, "an array of strings of at most 4096 bytes");
            return std::nullopt;
        }
        list.push_back(item.get<std::string>());
    }
    return list;
}

std::map<std::string, std::string> JsonReader::string_map(const char* key) {
    std::map<std::string, std::string> map;
    const nlohmann::json* value = lookup(key, false, "an object of strings");
    if (value == nullptr) return map;
    if (!value->is_object() || value->size() > kMaxJsonListLength) {
        fail(key, "an object of at most 10000 strings");
        return map;
    }
    for (const auto& [name, item] : value->items()) {
        if (!item.is_string() || name.size() > 4096 ||
            item.get_ref<const std::string&>().size() > 65536) {
            fail(std::string(key) + "." + name, "a string of at most 65536 bytes");
            return {};
        }
        map[name] = item.get<std::string>();
    }
    return map;
}

JsonReader JsonReader::object(const char* key) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    const nlohmann::json* value = lookup(key, true, "an object");
    return JsonReader(value != nullptr ? *value : kEmpty, field(key), error_);
}

}  // namespace edge
