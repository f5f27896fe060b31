// Compresses the API's answers and the UI's script for clients that accept gzip. cpp-httplib
// would otherwise compress them itself, with Brotli at its highest quality, which took 100 ms of
// a dashboard's 200 for one answer at 50 nodes; zlib's gzip at its default level takes a few.
// The API's JSON and the script are sent with a charset (kJsonType, kJavaScriptType), which
// cpp-httplib leaves alone, and compressed here instead.
// Thread-safety: stateless.
#pragma once

#include <httplib.h>

namespace edge::http {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";
inline constexpr const char* kJavaScriptType = "application/javascript; charset=utf-8";

// Gzips `res`'s body in place when `req` accepts gzip, the body is one of those two types and
// large enough to gain, and nothing encoded it yet. Streams (no body) are left alone.
void gzip_if_accepted(const httplib::Request& req, httplib::Response& res);

}  // namespace edge::http
