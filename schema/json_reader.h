// JsonReader: strict field access for decoders. Each accessor checks presence, type, length
// and range, and on failure records the first error with the field's path ("containers[2].image")
// and returns a neutral value, so a decoder reads straight through and checks ok() once.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace edge {

class JsonReader {
  public:
    JsonReader(const nlohmann::json& object, std::string path, std::string* first_error)
        : object_(object), path_(std::move(path)), error_(first_error) {
        if (!object_.is_object()) fail_at(path_.empty() ? "message" : path_, "an object");
    }

    bool ok() const { return error_->empty(); }
    bool has(const char* key) const { return object_.is_object() && object_.contains(key); }

    std::string string(const char* key, size_t max_length, bool required = true);
    int64_t integer(const char* key, int64_t min, int64_t max, bool required = true,
                    int64_t fallback = 0);
    bool boolean(const char* key, bool required = true, bool fallback = false);
    std::optional<std::vector<std::string>> optional_string_list(const char* key);
    std::map<std::string, std::string> string_map(const char* key);
    // Calls `each(reader)` for every object in the array at `key`.
    template <typename Fn>
    void objects(const char* key, Fn each, bool required = true);
    // A nested object; the returned reader shares this one's error slot.
    JsonReader object(const char* key);

    const nlohmann::json& raw() const { return object_; }
    // Records 'field "PATH.key": expected WHAT' unless an earlier error is already recorded.
    void fail(const std::string& key, const std::string& expected) {
        fail_at(field(key.c_str()), expected);
    }
    // Records 'field "PATH.key": MESSAGE' for checks that explain themselves.
    void reject(const std::string& key, const std::string& message);

  private:
    void fail_at(const std::string& full_field, const std::string& expected);
    std::string field(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
    const nlohmann::json* lookup(const char* key, bool required, const char* expected);

    const nlohmann::json& object_;
    std::string path_;
    std::string* error_;
};

inline constexpr size_t kMaxJsonListLength = 10000;
// The longest duration a message may carry (check intervals, timeouts): a week.
inline constexpr int64_t kMaxDurationMs = 7LL * 24 * 3600 * 1000;
// Job run ids grow by one per run (docs/jobs.md); far more than any hub makes.
inline constexpr int64_t kMaxJobRunId = int64_t{1} << 52;

template <typename Fn>
void JsonReader::objects(const char* key, Fn each, bool required) {
    const nlohmann::json* value = lookup(key, required, "an array of objects");
    if (value == nullptr) return;
    if (!value->is_array()) return fail(key, "an array of objects");
    if (value->size() > kMaxJsonListLength) return fail(key, "at most 10000 entries");
    for (size_t i = 0; i < value->size() && ok(); ++i) {
        JsonReader item((*value)[i], field(key) + "[" + std::to_string(i) + "]", error_);
        if (!item.ok()) return;
        each(item);
    }
}

}  // namespace edge
