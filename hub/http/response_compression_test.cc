// The API's answers are gzipped for clients that accept it, and only those: the body inflates
// back to what it was; small bodies, other types and clients without gzip get it as it is.
#include "hub/http/response_compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace edge::http {
namespace {

std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
}

httplib::Request accepting(const std::string& encodings) {
    httplib::Request req;
    req.headers.emplace("Accept-Encoding", encodings);
    return req;
}

std::string nodes_json() {
    std::string json = "[";
    for (int i = 0; i < 50; ++i)
        json += R"({"name": "pi-)" + std::to_string(i) + R"(", "state": "ready"},)";
    return json + "{}]";
}

TEST(ResponseCompression, JsonIsGzippedForAClientThatAcceptsIt) {
    httplib::Response res;
    res.set_content(nodes_json(), kJsonType);
    gzip_if_accepted(accepting("gzip, deflate, br"), res);
    EXPECT_EQ(res.get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(res.get_header_value("Vary"), "Accept-Encoding");
    EXPECT_LT(res.body.size(), nodes_json().size() / 4);
    EXPECT_EQ(gunzip(res.body), nodes_json());
}

TEST(ResponseCompression, OthersGetTheBodyAsItIs) {
    for (const auto& [encodings, body, type] :
         {std::tuple{"", nodes_json(), kJsonType}, std::tuple{"br", nodes_json(), kJsonType},
          std::tuple{"gzip", std::string("{}"), kJsonType},
          std::tuple{"gzip", nodes_json(), "text/event-stream"}}) {
        httplib::Response res;
        res.set_content(body, type);
        gzip_if_accepted(accepting(encodings), res);
        EXPECT_FALSE(res.has_header("Content-Encoding")) << encodings << " " << type;
        EXPECT_EQ(res.body, body);
    }
}

}  // namespace
}  // namespace edge::http
