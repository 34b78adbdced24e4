"""The app (or another script) served on a free local port, as `make run` serves it: for the
browser tests, bench/load.py and bench/browser.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium here has no network but loopback: keep it from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN = [sys.executable, "-m", "streamlit", "run"]
SERVE = ["--server.headless", "true", "--server.address", "127.0.0.1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    log: Path, env: dict[str, str] | None = None, script: str = "app.py"
) -> Iterator[str]:
    """`streamlit run app.py` (or `script`, from the repository's root) on a free port until
    the block ends; yields its address. Its output goes to `log` (a file, never an unread
    pipe: a full pipe would stall it); `env` adds to the environment (PLANNER_DB_URL: the
    scenario store)."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*RUN, script, *SERVE, "--server.port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, proc, log)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")
