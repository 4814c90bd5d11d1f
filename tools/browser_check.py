"""Check the notebooks' widgets in a real browser, as a reader meets them in JupyterLab.

Serves a copy of one notebook with JupyterLab on a local port, opens it in headless Chromium through Playwright, runs
every cell, works its widget with the mouse, waits until the widget answers, and saves a screenshot. Each step is
printed; the exit status is 0 only when all of them held. Two checks:

- `pad`: the drawing pad of `nbs/22_sketchpad.ipynb`: draw a stroke, wait for the status line to answer it.
- `explorer`: the pilot-study explorer of `nbs/04_pilot_study.ipynb`: pick a pair, a block and a timestep, press the
  button, wait for the figure and its title to show that choice.

Needs the `notebooks` extra (JupyterLab, ipywidgets, ipycanvas), Playwright's Python package, and a Chromium.
Playwright's own browser download is not needed: point it at a system Chromium (on Debian, `apt-get install chromium`).

    pip install -e ".[notebooks]" playwright
    python tools/browser_check.py pad --out docs/sketchpad.png --chromium /usr/bin/chromium
    python tools/browser_check.py explorer --out docs/explorer.png

The notebook is copied to a temporary folder first, so JupyterLab's autosave never touches the committed one.
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_for_server(url: str, timeout: float) -> None:
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200: return
        except OSError: time.sleep(0.5)
    raise TimeoutError(f'JupyterLab did not answer at {url} within {timeout:.0f} s')


def step(msg: str, t0: float) -> None: print(f'[{time.time() - t0:6.1f} s] {msg}', flush=True)


def run_all(page, t0: float) -> None:
    "Open state to running: wait for the kernel, then Run All Cells until a cell is queued."
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.wait_for_selector('.jp-Notebook', timeout=120_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=120_000)
    step('notebook open, kernel idle', t0)
    queued = page.locator('.jp-InputPrompt', has_text='[*]')   # stored prompts show numbers, not [*]
    for attempt in (1, 2, 3):   # Run All is disabled until the notebook is the current panel: check, retry
        page.locator('.jp-Notebook').first.click()
        page.get_by_role('menuitem', name='Run', exact=True).click()
        page.get_by_role('menuitem', name='Run All Cells', exact=True).click()
        try:
            queued.first.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            if attempt == 3: raise
            page.keyboard.press('Escape')
            step('no cell started; asking again', t0)
    step('running all cells', t0)


def check_pad(page, out: Path, timeout: float, t0: float) -> None:
    "Draw a stroke on the pad; the status line must answer it."
    status = page.locator('.widget-label', has_text='strokes: top')
    status.first.wait_for(timeout=timeout * 1000)
    step(f'the pad answered the example sketch: "{status.first.inner_text()}"', t0)
    canvas = page.locator('.jupyter-widgets canvas').first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box['x'], box['y']
    page.mouse.move(x0 + 40, y0 + 40)
    page.mouse.down()
    for i in range(1, 21): page.mouse.move(x0 + 40 + 8 * i, y0 + 40 + 6 * i)
    page.mouse.up()
    step('drew a stroke with the mouse', t0)
    page.locator('.widget-label', has_text='3 strokes: top').first.wait_for(timeout=60_000)
    after = page.locator('.widget-label', has_text='strokes: top').first.inner_text()
    step(f'the pad answered the new stroke: "{after}"', t0)
    page.locator('.widget-hbox', has=canvas).first.screenshot(path=str(out))


def check_explorer(page, out: Path, timeout: float, t0: float) -> None:
    "Set the explorer to pair 3, up block 2, t = 400 and press its button; its figure must show that choice."
    box = page.locator('.widget-interact').first
    box.wait_for(timeout=timeout * 1000)
    box.locator('button', has_text='Run Interact').wait_for(timeout=timeout * 1000)
    page.locator('.jp-InputPrompt', has_text='[*]').first.wait_for(state='detached', timeout=timeout * 1000)
    step('the explorer is drawn and every cell has run', t0)
    box.scroll_into_view_if_needed()
    slider = box.locator('.widget-slider').first
    slider.locator('.widget-readout').first.fill('3')
    slider.locator('.widget-readout').first.press('Enter')
    selects = box.locator('select')
    selects.nth(0).select_option('2')
    selects.nth(1).select_option('400')
    step('chose pair 3, up block 2, t = 400 with the controls', t0)
    box.locator('button', has_text='Run Interact').click()
    box.locator('img').first.wait_for(timeout=120_000)
    step('pressed "Run Interact"; the explorer drew its figure', t0)
    caption = box.locator('.jp-OutputArea-output', has_text='pair 3, up block 2, t = 400').first
    caption.wait_for(timeout=60_000)   # printed after the figure: the choice the figure shows
    box.screenshot(path=str(out))
    step(f'its caption: "{caption.inner_text().strip()}"', t0)


CHECKS = {   # name: (notebook, the check, its default screenshot)
    'pad': (ROOT / 'nbs' / '22_sketchpad.ipynb', check_pad, 'docs/sketchpad.png'),
    'explorer': (ROOT / 'nbs' / '04_pilot_study.ipynb', check_explorer, 'docs/explorer.png')}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('check', choices=sorted(CHECKS),
                   help='which widget: pad (22_sketchpad) or explorer (04_pilot_study)')
    p.add_argument('--out', help='screenshot (default: docs/sketchpad.png or docs/explorer.png)')
    p.add_argument('--chromium', default=shutil.which('chromium') or '/usr/bin/chromium', help='Chromium executable')
    p.add_argument('--timeout', type=float, default=600, help='seconds for the notebook to run (default: 600)')
    args = p.parse_args(argv)
    notebook, check, default_out = CHECKS[args.check]
    out = Path(args.out or default_out)
    from playwright.sync_api import sync_playwright
    t0 = time.time()
    work = Path(tempfile.mkdtemp(prefix='browser-check-'))
    shutil.copy(notebook, work / notebook.name)
    port, token = free_port(), 'browser-check'
    server = subprocess.Popen(
        [sys.executable, '-m', 'jupyter', 'lab', '--no-browser', f'--port={port}', f'--ServerApp.root_dir={work}',
         f'--IdentityProvider.token={token}', '--ServerApp.open_browser=False']
        + (['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pages = []
    try:
        wait_for_server(f'http://127.0.0.1:{port}/api/status?token={token}', 120)
        step(f'JupyterLab serving {work} on port {port}', t0)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=['--no-sandbox'])
            page = browser.new_page(viewport={'width': 1500, 'height': 1000})
            pages.append(page)
            page.goto(f'http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}')
            run_all(page, t0)
            out.parent.mkdir(parents=True, exist_ok=True)
            check(page, out, args.timeout, t0)
            step(f'screenshot saved to {out}', t0)
            browser.close()
    except Exception as e:
        print(f'FAILED: {type(e).__name__}: {e}', file=sys.stderr)
        if pages and not pages[0].is_closed():   # what the reader would have seen, and any error a cell printed
            shot = out.with_suffix('.failed.png')
            pages[0].screenshot(path=str(shot), full_page=True)
            errors = pages[0].locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
            for text in errors.all_inner_texts()[-3:]: print(f'cell error: {text[-2000:]}', file=sys.stderr)
            print(f'page at the failure: {shot}', file=sys.stderr)
        return 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print('all steps held')
    return 0


if __name__ == '__main__':
    sys.exit(main())
