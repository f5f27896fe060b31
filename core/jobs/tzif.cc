#include "core/jobs/tzif.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "core/jobs/posix_tz.h"

namespace edge {
namespace {

constexpr size_t kHeaderSize = 44;

struct Counts {
    uint32_t isut = 0;
    uint32_t isstd = 0;
    uint32_t leap = 0;
    uint32_t time = 0;
    uint32_t type = 0;
    uint32_t chars = 0;
};

uint32_t read_u32(std::string_view bytes, size_t at) {
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

int64_t read_i64(std::string_view bytes, size_t at) {
    uint64_t value = 0;
    for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return static_cast<int64_t>(value);
}

int64_t read_time(std::string_view bytes, size_t at, size_t time_size) {
    if (time_size == 8) return read_i64(bytes, at);
    return static_cast<int32_t>(read_u32(bytes, at));
}

std::optional<Counts> read_header(std::string_view bytes, size_t at) {
    if (bytes.size() < at + kHeaderSize || bytes.substr(at, 4) != "TZif") return std::nullopt;
    size_t field = at + 20;
    Counts counts;
    for (uint32_t* count :
         {&counts.isut, &counts.isstd, &counts.leap, &counts.time, &counts.type, &counts.chars}) {
        *count = read_u32(bytes, field);
        field += 4;
    }
    return counts;
}

// In 64 bits: the counts come from the file, and on a 32-bit board their sum could wrap a
// size_t past the bounds check.
uint64_t data_size(const Counts& counts, uint64_t time_size) {
    return uint64_t{counts.time} * time_size + counts.time + uint64_t{counts.type} * 6 +
           counts.chars + uint64_t{counts.leap} * (time_size + 4) + counts.isstd + counts.isut;
}

bool fits_in(std::string_view bytes, uint64_t at, uint64_t size) {
    return at <= bytes.size() && size <= bytes.size() - at;
}

}  // namespace

Result<TimeZone> parse_tzif(std::string name, std::string_view bytes) {
    auto bad = [&](const std::string& what) {
        return make_error("timezone " + name + ": not a valid TZif file (" + what + ")");
    };
    std::optional<Counts> counts = read_header(bytes, 0);
    if (!counts) return bad("no TZif header");
    const char version = bytes[4];
    size_t at = kHeaderSize;
    size_t time_size = 4;
    if (version != '\0') {  // version 2+: skip the 32-bit block for the 64-bit one after it
        if (!fits_in(bytes, at, data_size(*counts, 4))) return bad("truncated");
        at += static_cast<size_t>(data_size(*counts, 4));
        counts = read_header(bytes, at);
        if (!counts) return bad("no second header");
        at += kHeaderSize;
        time_size = 8;
    }
    if (counts->type == 0 || counts->type > 256) return bad("no local time types");
    if (!fits_in(bytes, at, data_size(*counts, time_size))) return bad("truncated");

    std::vector<int32_t> type_offsets;
    const size_t types_at = at + counts->time * time_size + counts->time;
    for (uint32_t i = 0; i < counts->type; ++i) {
        const int32_t offset = static_cast<int32_t>(read_u32(bytes, types_at + i * 6));
        // RFC 8536 §3.2: offsets lie within -25 h and +26 h.
        if (offset < -89'999 || offset > 93'599) return bad("an offset beyond -25h..+26h");
        type_offsets.push_back(offset);
    }
    std::vector<int64_t> transitions;
    std::vector<int32_t> offsets;
    for (uint32_t i = 0; i < counts->time; ++i) {
        const int64_t when = read_time(bytes, at + i * time_size, time_size);
        const uint8_t type = static_cast<uint8_t>(bytes[at + counts->time * time_size + i]);
        if (type >= type_offsets.size()) return bad("a transition names an unknown type");
        if (!transitions.empty() && when <= transitions.back()) {
            return bad("transitions out of order");
        }
        transitions.push_back(when);
        offsets.push_back(type_offsets[type]);
    }

    std::optional<PosixTz> rule;
    const size_t footer_at = at + static_cast<size_t>(data_size(*counts, time_size));
    if (version != '\0') {
        // "\n" RULE "\n", required from version 2 on; an empty rule means the last
        // transition's offset holds for ever.
        if (footer_at >= bytes.size()) return bad("no footer");
        const size_t end = bytes.find('\n', footer_at + 1);
        if (bytes[footer_at] != '\n' || end == std::string_view::npos) return bad("bad footer");
        const std::string_view text = bytes.substr(footer_at + 1, end - footer_at - 1);
        if (!text.empty()) {
            Result<PosixTz> parsed = parse_posix_tz(text);
            if (!parsed) return parsed.error();
            rule = *parsed;
        }
    }
    // RFC 8536 §3.2: instants before the first transition use type 0.
    return TimeZone(std::move(name), type_offsets[0], std::move(transitions), std::move(offsets),
                    rule);
}

}  // namespace edge
