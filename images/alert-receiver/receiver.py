"""Firedrill's alert receiver.

Alertmanager posts its webhook notifications to /alerts; the receiver keeps each one with the instant it arrived (epoch
milliseconds, by this container's clock, which is the engine host's). The harness reads them back with
GET /notifications?since=N, which answers {"next": M, "notifications": [{"at": ms, "body": {...}}, ...]} with every
notification from the N-th on. GET /ready answers 200 once it listens. Nothing is forgotten until the container goes.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

notifications = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):

    def do_POST(self):
        arrived = time.time_ns() // 1_000_000
        if urlparse(self.path).path != "/alerts":
            self.answer(404, {"error": "notifications go to /alerts"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError as e:
            body = {"error": "a notification that is not JSON: %s" % e}
        with lock:
            notifications.append({"at": arrived, "body": body})
        self.answer(200, {})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/ready":
            self.answer(200, {})
            return
        if url.path != "/notifications":
            self.answer(404, {"error": "ask /notifications?since=N or /ready"})
            return
        try:
            since = int(parse_qs(url.query).get("since", ["0"])[0])
        except ValueError:
            self.answer(400, {"error": "since must be a whole number"})
            return
        with lock:
            batch = notifications[max(since, 0):]
            following = len(notifications)
        self.answer(200, {"next": following, "notifications": batch})

    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("", int(sys.argv[1])), Handler).serve_forever()
