"""Runs a command for as long as the process that started it lives: ``python -m cookkit.watchdog``.

    python -m cookkit.watchdog PARENT_PID -- COMMAND [ARGUMENT ...]

A server started from a notebook must not outlive it. Closing a pipe or sending SIGTERM on the way
out covers a notebook that ends normally, but not a kernel that is killed (SIGKILL, out of memory, a
restarted Colab runtime): nothing runs on the way out then, and a 2.7 GB server would keep its port
and memory. So the launcher (``cookkit.servers.launched``) starts every server through this small
watchdog. It runs ``COMMAND`` in a process group of its own and checks twice a second that its own
parent is still ``PARENT_PID``. When the parent is gone (the system hands the orphan to another
process), or when the watchdog itself is asked to stop, it sends the group SIGTERM, waits a few
seconds, then SIGKILL. It exits with the command's exit code when the command ends by itself.

Only the standard library, so that it starts in a few tens of milliseconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

POLL_S = 0.5
"""How often the watchdog checks that its parent lives."""

GRACE_S = 5.0
"""How long the server's group may take to stop after SIGTERM before it gets SIGKILL."""


def stop_group(process: subprocess.Popen, grace_s: float = GRACE_S) -> int:
    """Stop ``process`` and everything in its process group: SIGTERM, then SIGKILL after
    ``grace_s`` seconds. Returns the process's exit code.
    """
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:  # the whole group is gone already
            break
        try:
            return process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


def watch(parent: int, command: list[str]) -> int:
    """Run ``command`` until it ends, ``parent`` dies, or this process is asked to stop."""
    process = subprocess.Popen(command, start_new_session=True)
    asked_to_stop = []
    for stop_signal in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop_signal, lambda number, frame: asked_to_stop.append(number))
    while True:
        code = process.poll()
        if code is not None:
            return code
        if asked_to_stop or os.getppid() != parent:
            return stop_group(process)
        time.sleep(POLL_S)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--" or not argv[0].isdigit():
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    parent = int(argv[0])
    if os.getppid() != parent:  # the parent died before this process even started
        return 1
    return watch(parent, argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
