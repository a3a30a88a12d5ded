"""A server started by the launcher stops within seconds when the process that started it is killed.

A notebook's kernel can die without running anything on the way out: SIGKILL, the out-of-memory
killer, a restarted Colab runtime. Before, a server started from it, a 2.7 GB `transformers serve`
among them, kept running, holding its port and its memory. `cookkit.servers.launched` runs every
server under `cookkit.watchdog`, which stops the server's whole process group once its parent is
gone. This kills the parent while the server is busy answering a slow request, and looks for the
server afterwards.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from toy_server import alive

ROOT = Path(__file__).resolve().parents[1]
TOY = Path(__file__).with_name("toy_server.py")
PARENT = """
import sys, time
from cookkit.servers import launched

command = [sys.executable, sys.argv[1], "{port}", sys.argv[2]]
with launched(command, sys.argv[3]) as server:
    print(server.port, flush=True)
    time.sleep(600)
"""


def ask(url: str) -> None:
    """Send a request the server is still answering when its parent dies (the reply never comes)."""
    try:
        urllib.request.urlopen(url, timeout=90)
    except OSError:
        pass


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def request_cut_short(url: str) -> None:
    """Send a request that the server is meant to die in the middle of."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        urllib.request.urlopen(url, timeout=90)


def test_killing_the_parent_stops_a_busy_server(tmp_path):
    pid_file, log = tmp_path / "server.pid", tmp_path / "server.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(TOY), str(pid_file), str(log)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        port = int(parent.stdout.readline())
        server = int(pid_file.read_text())
        assert alive(server), "the toy server is not running after the launcher said it was ready"
        slow = f"http://127.0.0.1:{port}/slow"
        threading.Thread(target=request_cut_short, args=(slow,), daemon=True).start()
        time.sleep(0.5)  # the request is being served
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while alive(server) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(server), (
            "the server still runs 10 s after its parent was killed: launch servers through "
            "cookkit.servers.launched, whose watchdog (cookkit/watchdog.py) stops them"
        )
    finally:
        parent.kill()
        parent.wait()
        if pid_file.exists() and alive(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
