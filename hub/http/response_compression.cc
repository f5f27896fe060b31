#include "hub/http/response_compression.h"

#include <zlib.h>

#include <optional>
#include <string>

namespace edge::http {

namespace {

// Below this, the gzip header and a round of deflate cost more than they save.
constexpr size_t kMinimumBytes = 1024;

std::optional<std::string> gzip(const std::string& data) {
    z_stream stream{};
    // 15 + 16: a gzip wrapper around the deflate stream, as Content-Encoding: gzip wants.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return std::nullopt;
    }
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) return std::nullopt;
    return out;
}

}  // namespace

void gzip_if_accepted(const httplib::Request& req, httplib::Response& res) {
    if (res.body.size() < kMinimumBytes || res.has_header("Content-Encoding")) return;
    const std::string type = res.get_header_value("Content-Type");
    if (type != kJsonType && type != kJavaScriptType) return;
    if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) return;
    auto compressed = gzip(res.body);
    if (!compressed) return;  // sent as it is
    res.body = std::move(*compressed);
    res.set_header("Content-Encoding", "gzip");
    res.set_header("Vary", "Accept-Encoding");
}

}  // namespace edge::http
