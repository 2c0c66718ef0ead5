"""`mapapp serve`: Streamlit's own port setting (STREAMLIT_SERVER_PORT, .streamlit/config.toml) is honoured
unless --port is given; real servers started through the environment variable and through a config file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.request

import pytest

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


@pytest.mark.parametrize("where", ["environment", "config.toml"])
def test_serve_listens_on_streamlits_port_setting(tmp_path, where):
    port = free_port()
    env = dict(os.environ, STREAMLIT_SERVER_HEADLESS="true", STREAMLIT_SERVER_ADDRESS="127.0.0.1",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               PYTHONUNBUFFERED="1")
    env.pop("STREAMLIT_SERVER_PORT", None)
    if where == "environment":
        env["STREAMLIT_SERVER_PORT"] = str(port)
    else:  # the config file of the folder it is started from
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "config.toml").write_text(f"[server]\nport = {port}\n", encoding="utf-8")
    # its own session: `serve` starts streamlit as a child, and both are stopped together
    proc = subprocess.Popen([sys.executable, "-m", "mapapp", "serve"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen: list[str] = []
    try:
        assert _wait_for_url(proc, seen, 60), "".join(seen)
        assert f":{port}" in "".join(seen)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:  # noqa: S310
            assert r.status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
