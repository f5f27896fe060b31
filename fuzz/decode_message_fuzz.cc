// Fuzzes one MQTT message decoder (EDGE_FUZZ_DECODER, set by fuzz/CMakeLists.txt). A decoder
// must return a value or an error for any bytes; it must never crash or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/messages.h"
#ifdef EDGE_FUZZ_LOGS
#include "schema/log_messages.h"
#endif
#ifdef EDGE_FUZZ_JOB_MESSAGES
#include "schema/job_messages.h"
#endif
#ifdef EDGE_FUZZ_JOIN
#include "security/join_messages.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    auto decoded = edge::EDGE_FUZZ_DECODER(payload);
    (void)decoded.ok();
    return 0;
}
