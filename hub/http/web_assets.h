// The web UI's files (hub/http/ui/: index.html, app.js, app.css), built into edge-hub so nodes
// need no CDN and the hub no Node.js: CMake writes them into a source file as strings.
// Served with a Content-Security-Policy that allows only the hub's own scripts and styles. The
// script and style, named by their content's hash, are kept by browsers for good; the page is
// revalidated (ETag) each time.
// Thread-safety: stateless.
#pragma once

#include <string>

#include <httplib.h>

namespace edge::http {

// Answers a GET of "/" or one of the UI's files; false for any other path.
bool serve_web_asset(const httplib::Request& req, httplib::Response& res);

}  // namespace edge::http
