"""`make lab`, as the README says, opens JupyterLab on the course's notebooks.

The test runs the Makefile's own `lab` target (with the options a headless check needs) and
asks the server what a learner's browser would see; with Chromium installed it also loads the
JupyterLab page in a real headless browser and finds the course's notebooks in its file browser.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (TOP / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not (TOP / ".venv" / ".installed").exists():
        pytest.skip("make lab's environment (.venv) is not installed; `make test` installs it")
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("lab-home")
    args = (f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token} "
            f"--ServerApp.open_browser=False")
    env = {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=TOP, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            get(f"{base}/api/status?token={token}")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                os.killpg(proc.pid, signal.SIGTERM)
                pytest.fail(f"JupyterLab did not start: {out[-2000:]}")
            time.sleep(0.5)
    yield base, token
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_lab_serves_the_course_notebooks(lab):
    base, token = lab
    listing = json.loads(get(f"{base}/api/contents?token={token}"))
    names = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    assert names == NOTEBOOKS
    page = get(f"{base}/lab?token={token}").decode()
    assert "JupyterLab" in page
    specs = json.loads(get(f"{base}/api/kernelspecs?token={token}"))
    assert "python3" in specs["kernelspecs"]


def test_the_lab_page_shows_the_notebooks_in_a_browser(lab, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("no Chromium installed (.ci/run installs it)")
    base, token = lab
    out = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=30000",
         "--window-size=1280,900", "--dump-dom", f"{base}/lab/tree?token={token}"],
        capture_output=True, text=True, timeout=120)
    dom = out.stdout
    assert "jp-DirListing" in dom, "the JupyterLab file browser did not render"
    for name in NOTEBOOKS:
        assert name in dom, f"{name} is not in the file browser"
