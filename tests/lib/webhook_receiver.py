#!/usr/bin/python3
"""A webhook receiver for the end-to-end tests: answers every POST on 127.0.0.1:PORT with 200
(or, for paths starting with /fail, 500) and appends one JSON line per request to FILE with
its path, content type, ntfy Title header and body.
Usage: webhook_receiver.py PORT FILE"""
import http.server
import json
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        record = {
            "path": self.path,
            "content_type": self.headers.get("Content-Type", ""),
            "title": self.headers.get("Title", ""),
            "body": body,
        }
        with open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        self.send_response(500 if self.path.startswith("/fail") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
