#include "hub/http/web_assets.h"

#include <string_view>

namespace edge::http {

// Defined in the source file CMake generates from hub/http/ui/ (hub/CMakeLists.txt).
extern const std::string_view kUiIndexHtml;
extern const std::string_view kUiAppJs;
extern const std::string_view kUiAppCss;

bool serve_web_asset(const std::string& path, httplib::Response& res) {
    std::string_view body;
    const char* type = nullptr;
    if (path == "/" || path == "/index.html") {
        body = kUiIndexHtml;
        type = "text/html; charset=utf-8";
    } else if (path == "/ui/app.js") {
        body = kUiAppJs;
        type = "text/javascript; charset=utf-8";
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
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(body), type);
    return true;
}

}  // namespace edge::http
