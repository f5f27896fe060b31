// How edgectl shows answers: aligned plain-text tables for people, JSON for scripts, and the
// small formatting helpers both share (memory sizes, ages, times). Pure except print_json.
// Thread-safety: Table is a plain value; the free functions are stateless.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace edge::ctl {

enum class OutputFormat { kTable, kJson };

// A table with a header row. Columns are left-aligned and separated by three spaces; the last
// column is not padded so lines carry no trailing blanks.
class Table {
  public:
    explicit Table(std::vector<std::string> headers);

    // Rows shorter than the header are padded with empty cells; longer rows are an error in
    // the caller, so extra cells are dropped rather than shifting the header.
    void add_row(std::vector<std::string> cells);
    size_t rows() const { return rows_.size(); }

    std::string render() const;

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

// Width of text on a terminal, counting each UTF-8 code point as one column.
size_t display_width(const std::string& text);

// Prints JSON indented by two spaces, followed by a newline.
void print_json(std::ostream& out, const nlohmann::json& value);

// Lenient accessors for rows in the hub's answers: a missing or mistyped field shows as a
// default instead of aborting a whole listing.
std::string field_text(const nlohmann::json& row, const char* key,
                       const std::string& fallback = "");
int64_t field_integer(const nlohmann::json& row, const char* key, int64_t fallback = 0);
bool field_bool(const nlohmann::json& row, const char* key, bool fallback = false);

// Bytes of a pull so far against its total: "45% of 120 MiB" (total > 0).
std::string pull_share(int64_t done_bytes, int64_t total_bytes);

// Whether the rows (with an "environment" field) come from more than one environment: tables
// then show an ENV column and the stacks' own names.
bool spans_environments(const nlohmann::json& rows);

// "256 MiB"; "-" for zero or negative sizes, which the hub uses for "unknown".
std::string memory_cell(int64_t bytes);

// How long ago `then_ms` was, relative to `now_ms`: "12s ago", "5m ago", "3h ago", "2d ago";
// "-" when the time is unknown (zero).
std::string age_cell(int64_t then_ms, int64_t now_ms);

// Local wall-clock time "2024-05-01 14:03:07" for an epoch time in milliseconds.
std::string time_cell(int64_t epoch_ms);

// Shortens a container id to Docker's 12-character form.
std::string short_id(const std::string& id);

// Current epoch time in milliseconds.
int64_t now_epoch_ms();

}  // namespace edge::ctl
