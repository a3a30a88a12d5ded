"""A stand-in server for the launcher's tests: answers ``/health`` at once and ``/slow`` after 60 s.

    python tests/toy_server.py PORT PID_FILE

It writes its own process id to ``PID_FILE``, so a test can look for it after its parent is gone;
``alive`` says whether it still runs.
"""

import http.server
import os
import sys
import time
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet collected by its parent, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(60)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(str(os.getpid()))
    print("toy server listening", flush=True)
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
