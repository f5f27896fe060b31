// Fuzzes what the hub does with a deploy request before any state changes: decode the request,
// then decode the stack it carries, as hub/api/request_handlers.cc does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    auto request = edge::decode_request(payload);
    if (!request) return 0;
    auto stack = request->args.find("stack");
    if (stack != request->args.end()) (void)edge::stack_from_json(*stack).ok();
    return 0;
}
