"""Guard: proves that `pytest --nbval nbs/` really compares outputs.

It fails when a notebook stores outputs with a null execution count, has no stored outputs, or skips/ignores output
checks in more than a quarter of its code cells; when the pytest configuration turns on `--nbval-lax` or ignores
notebooks wholesale; when a sanitize rule would blank out ordinary output; and it runs a canary notebook whose stored
output is deliberately wrong, asserting that nbval fails on it.
"""
import configparser, glob, json, os, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT / 'nbs').glob('*.ipynb'))
MARKERS = ('NBVAL_IGNORE_OUTPUT', 'NBVAL_SKIP', 'nbval-ignore-output', 'nbval-skip')

def _code_cells(p):
    return [c for c in json.loads(p.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'code']

def _src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def test_there_are_notebooks():
    assert len(NBS) >= 2, NBS

def test_outputs_have_execution_counts():
    bad = [f'{p.name} cell {i}' for p in NBS for i, c in enumerate(_code_cells(p)) if c['outputs'] and c['execution_count'] is None]
    assert not bad, f'outputs with a null execution_count (was nbdev_clean run?): {bad}'

def test_every_notebook_has_outputs():
    bad = [p.name for p in NBS if _code_cells(p) and not any(c['outputs'] for c in _code_cells(p))]
    assert not bad, f'notebooks without stored outputs (nbval would check nothing): {bad}'

def test_few_cells_skip_checks():
    for p in NBS:
        cells = _code_cells(p)
        n = sum(any(m in _src(c) for m in MARKERS) or any(t in MARKERS for t in c.get('metadata', {}).get('tags', [])) for c in cells)
        assert n <= 0.25 * len(cells), f'{p.name}: {n}/{len(cells)} code cells skip or ignore output checks'

def test_no_lax_or_blanket_ignore():
    for f in ['pytest.ini', 'setup.cfg', 'tox.ini', 'pyproject.toml', '.ci/run', 'nbs/conftest.py', 'conftest.py']:
        p = ROOT / f
        if not p.exists(): continue
        t = p.read_text(encoding='utf-8')
        assert '--nbval-lax' not in t, f'{f} turns on --nbval-lax'
        assert not re.search(r'--ignore(-glob)?[= ]\S*nbs', t), f'{f} ignores notebooks'
        assert 'collect_ignore' not in t, f'{f} drops files from collection'
    run = (ROOT / '.ci/run').read_text()
    assert 'pytest --nbval nbs/' in run, '.ci/run must run the README test command'

def test_sanitizers_are_narrow():
    cfg = configparser.ConfigParser(); cfg.read(ROOT / 'nbs/sanitize.cfg')
    ordinary = ['train loss 0.4312 after 12 steps', 'mAP@200 0.2510', 'torch.Size([2, 640, 42, 42])', 'ok']
    for sec in cfg.sections():
        rx = re.compile(cfg[sec]['regex'])
        for line in ordinary:
            assert rx.sub(cfg[sec]['replace'], line) == line, f'sanitizer [{sec}] rewrites ordinary output {line!r}'

def test_readme_commands():
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    assert 'pytest --nbval nbs/' in readme and 'sketchfusion demo' in readme

def test_canary_fails():
    canary = ROOT / 'tests/canary/canary.ipynb'
    r = subprocess.run([sys.executable, '-m', 'pytest', '--nbval', str(canary), '-q', '-p', 'no:cacheprovider'],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 1, f'the canary notebook (wrong stored output) must fail nbval, got rc={r.returncode}:\n{out[-2000:]}'
    assert '1 failed' in out and "mismatch 'stdout'" in out, out[-2000:]   # failed on the comparison, not on an error

def test_readme_is_generated_from_index(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location('nbtool', ROOT / 'tools/nbtool.py')
    nbtool = importlib.util.module_from_spec(spec); spec.loader.exec_module(nbtool)
    nbtool.readme(str(ROOT / 'nbs/index.ipynb'), str(tmp_path / 'README.md'))
    assert (tmp_path / 'README.md').read_text(encoding='utf-8') == (ROOT / 'README.md').read_text(encoding='utf-8'), \
        'README.md is out of date: run `python tools/nbtool.py readme` after editing nbs/index.ipynb'

def test_library_matches_notebooks(tmp_path):
    "nbdev_export into a copy of the project must reproduce the committed sketchfusion/ exactly."
    import shutil, filecmp
    dst = tmp_path / 'proj'
    shutil.copytree(ROOT, dst, ignore=shutil.ignore_patterns('.venv', '.git', '__pycache__', 'runs', '.scratch', '*.egg-info'))
    shutil.rmtree(dst / 'sketchfusion'); (dst / 'sketchfusion').mkdir()
    (dst / 'sketchfusion/__init__.py').write_text((ROOT / 'sketchfusion/__init__.py').read_text())
    for sub in ('data', 'tasks'): (dst / 'sketchfusion' / sub).mkdir(); (dst / 'sketchfusion' / sub / '__init__.py').write_text('')
    r = subprocess.run([sys.executable, '-c', 'from nbdev.doclinks import nbdev_export; nbdev_export()'], cwd=dst,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    mine = sorted(p.relative_to(ROOT / 'sketchfusion') for p in (ROOT / 'sketchfusion').rglob('*.py'))
    theirs = sorted(p.relative_to(dst / 'sketchfusion') for p in (dst / 'sketchfusion').rglob('*.py'))
    assert mine == theirs, (mine, theirs)
    diff = [str(p) for p in mine if (ROOT / 'sketchfusion' / p).read_text() != (dst / 'sketchfusion' / p).read_text()]
    assert not diff, f'sketchfusion/ differs from what nbdev_export writes from nbs/: {diff} (edit the notebook, export, commit both)'
