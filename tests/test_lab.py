"""`make lab`, as the README says, opens JupyterLab on the course's notebooks.

The test runs the Makefile's own `lab` target (with the options a headless check needs, the
token on) and asks the server what a learner's browser would see; with Chromium installed it
also loads JupyterLab in a real headless browser, finds the course's notebooks in its file
browser, and uses notebook 02's kernel editor as a learner would: runs the notebook, picks
another preset and types a weight, and sees the filtered picture change each time.
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


def find_chromium() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("no Chromium installed (.ci/run installs it)")
    return chromium


def test_the_lab_page_shows_the_notebooks_in_a_browser(lab, tmp_path):
    chromium = find_chromium()
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


# --- notebook 02's kernel editor, used in a real browser ---------------------------------------

EDITOR_NOTEBOOK = TOP / "notebooks" / "02_filter2d_kernels.ipynb"


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium driven through Debian's ChromeDriver (selenium)."""
    chromium = find_chromium()
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        pytest.skip("no chromedriver installed (.ci/run installs Debian's chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def accept_kernel_dialog(driver, seconds: float = 5) -> None:
    """Press "Select" if JupyterLab asks which kernel to start (the notebook's own is preselected)."""
    from selenium.webdriver.common.by import By

    end = time.monotonic() + seconds
    while True:
        buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-Dialog-button.jp-mod-accept")
                   if b.is_displayed()]
        if buttons:
            buttons[0].click()
            return
        if time.monotonic() >= end:
            return
        time.sleep(0.5)


def editor_cell(driver):
    """The notebook cell whose output holds the kernel editor (found by its widgets, not its index)."""
    from selenium.webdriver.common.by import By

    for cell in driver.find_elements(By.CSS_SELECTOR, ".jp-CodeCell"):
        if cell.find_elements(By.CSS_SELECTOR, ".widget-dropdown select") and \
                len(cell.find_elements(By.CSS_SELECTOR, ".widget-text input")) >= 9:
            return cell
    return None


def picture(cell) -> str:
    """The data URL of the filtered picture the editor shows (the last image in its output)."""
    from selenium.webdriver.common.by import By

    images = cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")
    return images[-1].get_attribute("src") if images else ""


def test_the_kernel_editor_changes_the_picture_in_a_browser(lab, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, token = lab
    before = EDITOR_NOTEBOOK.read_bytes()
    shot = tmp_path / "browser.png"
    # A copy, in a folder of its own beside the notebooks: running it in JupyterLab saves it.
    folder = TOP / "notebooks" / f"browser-check-{secrets.token_hex(4)}"
    folder.mkdir()
    try:
        (folder / EDITOR_NOTEBOOK.name).write_bytes(before)
        browser.get(f"{base}/lab/tree/{folder.name}/{EDITOR_NOTEBOOK.name}?token={token}")
        wait = WebDriverWait(browser, 120)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell"))
        accept_kernel_dialog(browser)
        wait.until(lambda d: "Idle" in d.find_element(By.ID, "jp-main-statusbar").text)
        # Run > Run All Cells, through the menu, as a learner does.
        menu = next(m for m in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if m.text.strip() == "Run")
        menu.click()
        run_all = wait.until(lambda d: next((i for i in d.find_elements(By.CSS_SELECTOR, ".lm-Menu-item")
                                             if i.text.strip() == "Run All Cells"), None))
        run_all.click()
        accept_kernel_dialog(browser)

        slow = WebDriverWait(browser, 420, poll_frequency=1)
        cell = slow.until(lambda d: accept_kernel_dialog(d, 0) or
                          (editor_cell(d) if editor_cell(d) and picture(editor_cell(d)) else None))
        first = picture(cell)
        assert first.startswith("data:image/png;base64,")
        dropdown = Select(cell.find_element(By.CSS_SELECTOR, ".widget-dropdown select"))
        assert dropdown.first_selected_option.text == "sharpen"
        weights = cell.find_elements(By.CSS_SELECTOR, ".widget-text input")
        assert [w.get_attribute("value") for w in weights[:9]] == ["0", "-1", "0", "-1", "5", "-1", "0", "-1", "0"]

        # A learner picks another preset: the weights and the picture follow.
        dropdown.select_by_visible_text("edge detection")
        wait.until(lambda d: picture(editor_cell(d)) not in ("", first))
        cell = editor_cell(browser)
        second = picture(cell)
        weights = cell.find_elements(By.CSS_SELECTOR, ".widget-text input")
        assert weights[4].get_attribute("value") == "8"

        # ... and types one weight (the centre one) and presses Enter: the picture changes again.
        weights[4].send_keys(Keys.CONTROL, "a")
        weights[4].send_keys("9", Keys.ENTER)
        wait.until(lambda d: picture(editor_cell(d)) not in ("", first, second))
        errors = browser.find_elements(By.CSS_SELECTOR, "[data-mime-type='application/vnd.jupyter.stderr']")
        assert not errors, [e.text[:300] for e in errors]
    except Exception:
        browser.save_screenshot(str(shot))  # what the browser showed, for whoever reads the failure
        print(f"screenshot of the browser at the failure: {shot}")
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert EDITOR_NOTEBOOK.read_bytes() == before, "the course's notebook 02 was modified"
