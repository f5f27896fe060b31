#include "hub/http/web_assets.h"

#include <string_view>

#include "hub/http/response_compression.h"

namespace edge::http {

// Defined in the source file CMake generates from hub/http/ui/ (hub/CMakeLists.txt).
extern const std::string_view kUiIndexHtml;
extern const std::string_view kUiAppJs;
extern const std::string_view kUiAppCss;
extern const std::string_view kUiVersion;

bool serve_web_asset(const httplib::Request& req, httplib::Response& res) {
    const std::string& path = req.path;
    std::string_view body;
    const char* type = nullptr;
    const bool page = path == "/" || path == "/index.html";
    if (page) {
        body = kUiIndexHtml;
        type = "text/html; charset=utf-8";
    } else if (path == "/ui/app.js") {
        body = kUiAppJs;
        type = kJavaScriptType;
    } else if (path == "/ui/app.css") {
        body = kUiAppCss;
        type = "text/css; charset=utf-8";
    } else {
        return false;
    }
    // Only the hub's own files run; no page may frame this one.
    res.set_header(
        "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    if (!page && req.has_param("v")) {
        // Named by its content's hash (hub/CMakeLists.txt): this URL never changes content.
        res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    } else {
        // The page is asked again each time, and answered 304 while this hub's files are the
        // ones the browser has.
        const std::string etag = "\"" + std::string(kUiVersion) + "\"";
        res.set_header("Cache-Control", "no-cache");
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return true;
        }
    }
    res.set_content(std::string(body), type);
    return true;
}

}  // namespace edge::http
