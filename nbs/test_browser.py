"""The notebooks' widgets in a real browser: `tools/browser_check.py` serves a notebook with JupyterLab, runs it in
headless Chromium through Playwright, works the widget with the mouse and waits for its answer: the drawing pad of
`22_sketchpad` (draw a stroke) and the pilot-study explorer of `04_pilot_study` (change the controls, press the button).
Skipped, saying what is missing, where Chromium, Playwright or JupyterLab is not installed (the `dev` extra installs
none of them; `pip install -e ".[notebooks]" playwright` and a system Chromium do)."""
import importlib.util, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')


def browser_check(check: str, out: Path) -> str:
    "Run one check of tools/browser_check.py; skip where the browser stack is missing; return what it printed."
    needs = {'chromium': CHROMIUM, 'playwright': importlib.util.find_spec('playwright'),
             'jupyterlab': importlib.util.find_spec('jupyterlab')}
    missing = [name for name, found in needs.items() if not found]
    if missing: pytest.skip(f'needs {", ".join(missing)} (see tools/browser_check.py)')
    r = subprocess.run([sys.executable, 'tools/browser_check.py', check, '--out', str(out), '--chromium', CHROMIUM],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    assert out.read_bytes()[:4] == b'\x89PNG' and out.stat().st_size > 10_000
    return r.stdout


def test_sketchpad_in_a_browser(tmp_path):
    out = browser_check('pad', tmp_path / 'pad.png')
    assert 'the pad answered the new stroke: "3 strokes: top 5' in out, out


def test_explorer_in_a_browser(tmp_path):
    out = browser_check('explorer', tmp_path / 'explorer.png')
    assert 'the explorer drew its figure' in out and 'its caption: "pair 3, up block 2, t = 400' in out, out
