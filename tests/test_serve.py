"""`mapapp serve`: Streamlit's own port setting (STREAMLIT_SERVER_PORT, .streamlit/config.toml) is honoured
unless --port is given; one real server started through the environment variable."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.request

from browser_support import ROOT, free_port
from mapapp.cli import parser, serve_command


def test_no_port_option_leaves_the_port_to_streamlit():
    args = parser().parse_args(["serve"])
    assert args.port is None
    command = serve_command(args.port)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert not any(part.startswith("--server.port") for part in command)


def test_port_option_is_passed_on():
    args = parser().parse_args(["serve", "--port", "8765"])
    command = serve_command(args.port)
    assert command[-2:] == ["--server.port", "8765"]


def _wait_for_url(proc: subprocess.Popen, seen: list[str], timeout: float) -> bool:
    """Read the server's output until it prints its URL (ready) or ends; False on timeout or exit."""
    ready = threading.Event()

    def pump():
        for line in proc.stdout:
            seen.append(line)
            if "URL:" in line:
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    return ready.wait(timeout) and proc.poll() is None


def test_serve_listens_on_streamlit_server_port(tmp_path):
    port = free_port()
    env = dict(os.environ, STREAMLIT_SERVER_PORT=str(port), STREAMLIT_SERVER_HEADLESS="true",
               STREAMLIT_SERVER_ADDRESS="127.0.0.1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "mapapp", "serve"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: list[str] = []
    try:
        assert _wait_for_url(proc, seen, 60), "".join(seen)
        assert f":{port}" in "".join(seen)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:  # noqa: S310
            assert r.status == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
