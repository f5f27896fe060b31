#!/usr/bin/env python3
"""A TCP proxy on loopback that slows what the server sends, so a pull from the tests' private
registry takes seconds instead of milliseconds and its progress can be watched
(tests/e2e_pull_retry.sh). What the client sends passes unchanged.

Usage: slow_proxy.py LISTEN_PORT TARGET_PORT BYTES_PER_SECOND   (both ports on 127.0.0.1)
Runs until killed; each connection gets its own budget of BYTES_PER_SECOND.
"""

import socket
import sys
import threading
import time

CHUNK = 16 * 1024


def pump(source, sink, bytes_per_second):
    """Copies source to sink until either side closes, at most bytes_per_second if given."""
    started = time.monotonic()
    sent = 0
    try:
        while True:
            data = source.recv(CHUNK)
            if not data:
                break
            sink.sendall(data)
            sent += len(data)
            if bytes_per_second:
                # Sleep until the bytes sent so far fit the rate since the connection began.
                due = started + sent / bytes_per_second
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
    except OSError:
        pass
    finally:
        for side in (source, sink):
            try:
                side.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listen_port, target_port, bytes_per_second):
    listener = socket.create_server(("127.0.0.1", listen_port), reuse_port=False)
    while True:
        client, _ = listener.accept()
        try:
            server = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, server, 0), daemon=True).start()
        threading.Thread(target=pump, args=(server, client, bytes_per_second),
                         daemon=True).start()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: slow_proxy.py LISTEN_PORT TARGET_PORT BYTES_PER_SECOND")
    serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))


if __name__ == "__main__":
    main()
