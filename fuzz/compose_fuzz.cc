// Fuzzes the Compose parser with arbitrary text: it must answer with a stack or a precise
// error, and never crash, hang on aliases, or exhaust memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compose/compose_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)edge::parse_compose_text(text, "fuzz.yaml", "fuzz").ok();
    return 0;
}
