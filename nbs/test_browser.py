"""The drawing pad of `22_sketchpad` in a real browser: `tools/sketchpad_browser.py` serves the notebook with
JupyterLab, runs it in headless Chromium through Playwright, draws a stroke with the mouse and waits for the answer.
Skipped, saying what is missing, where Chromium, Playwright or JupyterLab is not installed (the `dev` extra installs
none of them; `pip install -e ".[notebooks]" playwright` and a system Chromium do)."""
import importlib.util, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_sketchpad_in_a_browser(tmp_path):
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    needs = {'chromium': chromium, 'playwright': importlib.util.find_spec('playwright'),
             'jupyterlab': importlib.util.find_spec('jupyterlab')}
    missing = [name for name, found in needs.items() if not found]
    if missing: pytest.skip(f'needs {", ".join(missing)} (see tools/sketchpad_browser.py)')
    out = tmp_path / 'pad.png'
    r = subprocess.run([sys.executable, 'tools/sketchpad_browser.py', '--out', str(out), '--chromium', chromium],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'the pad answered the new stroke: "3 strokes: top 5' in r.stdout, r.stdout
    assert out.read_bytes()[:4] == b'\x89PNG' and out.stat().st_size > 10_000
