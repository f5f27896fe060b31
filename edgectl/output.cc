#include "edgectl/output.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <ostream>

#include "core/memory/memsize.h"

namespace edge::ctl {

namespace {

constexpr const char* kColumnGap = "   ";

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

std::string Table::render() const {
    std::vector<size_t> widths(headers_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    };
    measure(headers_);
    for (const auto& row : rows_) measure(row);

    std::string text;
    auto append = [&](const std::vector<std::string>& row) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
            if (i > 0) line += kColumnGap;
            line += row[i];
            if (i + 1 < row.size()) line.append(widths[i] - display_width(row[i]), ' ');
        }
        // Empty trailing cells would otherwise leave blanks at the end of the line.
        while (!line.empty() && line.back() == ' ') line.pop_back();
        text += line;
        text += '\n';
    };
    append(headers_);
    for (const auto& row : rows_) append(row);
    return text;
}

size_t display_width(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // skip UTF-8 continuation bytes
    }));
}

void print_json(std::ostream& out, const nlohmann::json& value) {
    // Replace invalid UTF-8 instead of throwing: the hub's data is shown, not trusted.
    out << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

std::string field_text(const nlohmann::json& row, const char* key, const std::string& fallback) {
    if (!row.is_object()) return fallback;
    auto it = row.find(key);
    if (it == row.end() || it->is_null()) return fallback;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    if (it->is_number()) return it->dump();
    return fallback;
}

int64_t field_integer(const nlohmann::json& row, const char* key, int64_t fallback) {
    if (!row.is_object()) return fallback;
    auto it = row.find(key);
    if (it == row.end() || !it->is_number()) return fallback;
    if (it->is_number_float()) return static_cast<int64_t>(it->get<double>());
    return it->get<int64_t>();
}

bool field_bool(const nlohmann::json& row, const char* key, bool fallback) {
    if (!row.is_object()) return fallback;
    auto it = row.find(key);
    if (it == row.end() || !it->is_boolean()) return fallback;
    return it->get<bool>();
}

bool spans_environments(const nlohmann::json& rows) {
    if (!rows.is_array()) return false;
    std::string first;
    for (const auto& row : rows) {
        std::string environment = field_text(row, "environment", "default");
        if (first.empty()) first = environment;
        if (environment != first) return true;
    }
    return false;
}

std::string memory_cell(int64_t bytes) {
    return bytes > 0 ? format_memory_size(bytes) : "-";
}

std::string age_cell(int64_t then_ms, int64_t now_ms) {
    if (then_ms <= 0) return "-";
    int64_t seconds = std::max<int64_t>(0, (now_ms - then_ms) / 1000);
    if (seconds < 60) return std::to_string(seconds) + "s ago";
    if (seconds < 3600) return std::to_string(seconds / 60) + "m ago";
    if (seconds < 86400) return std::to_string(seconds / 3600) + "h ago";
    return std::to_string(seconds / 86400) + "d ago";
}

std::string time_cell(int64_t epoch_ms) {
    if (epoch_ms <= 0) return "-";
    std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
    return buffer;
}

std::string short_id(const std::string& id) {
    return id.substr(0, 12);
}

int64_t now_epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string pull_share(int64_t done_bytes, int64_t total_bytes) {
    return std::to_string(std::min<int64_t>(100, done_bytes * 100 / total_bytes)) + "% of " +
           format_memory_size(total_bytes);
}

}  // namespace edge::ctl
