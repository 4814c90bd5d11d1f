"""Developer helper for the notebooks (not part of the library).

    python tools/nbtool.py build SRC.py nbs/NAME.ipynb   # percent-format script -> notebook (no outputs)
    python tools/nbtool.py run nbs/NAME.ipynb [...]      # execute in place (stores real outputs, execution counts)
    python tools/nbtool.py src nbs/NAME.ipynb SRC.py     # notebook -> percent-format script, for editing
    python tools/nbtool.py readme                        # README.md from nbs/index.ipynb (nbdev_readme needs quarto)

Cells in a percent script start with `# %%` (code) or `# %% [markdown]` (markdown; each line starts with `# `).
Executed notebooks are stored the way strict nbval needs them: real outputs and execution counts, no widget state.
"""
import sys, re, os
import nbformat

def _cells_from_py(text):
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if kind == 'markdown':
            src = '\n'.join(l[2:] if l.startswith('# ') else ('' if l == '#' else l) for l in src.split('\n'))
            cells.append(nbformat.v4.new_markdown_cell(src))
        elif src.strip(): cells.append(nbformat.v4.new_code_cell(src))
    for line in text.split('\n'):
        m = re.match(r'^# %%( \[markdown\])?\s*$', line)
        if m:
            flush(); kind, buf = ('markdown' if m.group(1) else 'code'), []
        else: buf.append(line)
    flush()
    return cells

def build(src, dst):
    nb = nbformat.v4.new_notebook()
    nb.cells = _cells_from_py(open(src, encoding='utf-8').read())
    _stable_ids(nb, dst)
    nb.metadata = {'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'}}
    nbformat.write(nb, dst)

def _stable_ids(nb, path):
    "Deterministic cell ids (nbdev writes them into the library, so random ones would change it on every export)."
    import hashlib
    stem = os.path.basename(str(path))
    for i, c in enumerate(nb.cells):
        c.metadata = {}
        c['id'] = hashlib.sha1(f'{stem}:{i}'.encode()).hexdigest()[:8]
    nb.nbformat_minor = 5

def to_src(nbpath, dst):
    nb = nbformat.read(nbpath, as_version=4)
    out = []
    for c in nb.cells:
        if c.cell_type == 'markdown':
            out.append('# %% [markdown]\n' + '\n'.join(('# ' + l) if l else '#' for l in c.source.split('\n')))
        else: out.append('# %%\n' + c.source)
    open(dst, 'w', encoding='utf-8').write('\n\n'.join(out) + '\n')

def _numeric_env():
    "The pinned SIMD paths and thread count of nbs/conftest.py, so stored outputs equal what the tests compute."
    import importlib.util
    spec = importlib.util.spec_from_file_location('nbs_conftest', os.path.join(os.path.dirname(__file__), '..', 'nbs', 'conftest.py'))
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod.NUMERIC_ENV

def run(nbpath, timeout=1200):
    from nbclient import NotebookClient
    os.environ.update(_numeric_env())   # inherited by the kernel
    if 'SKETCHFUSION_CACHE' not in os.environ:   # a fresh cache, as in a test run (never one warmed under other settings)
        import tempfile, atexit, shutil
        d = tempfile.mkdtemp(prefix='nbtool-cache-'); atexit.register(shutil.rmtree, d, True)
        os.environ['SKETCHFUSION_CACHE'] = d
    nb = nbformat.read(nbpath, as_version=4)
    env_cwd = os.path.dirname(os.path.abspath(nbpath))
    NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': env_cwd}}).execute()
    nb.metadata.pop('widgets', None)
    _stable_ids(nb, nbpath)
    nbformat.write(nb, nbpath)
    errs = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if o.output_type == 'error']
    stderr = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if o.get('name') == 'stderr']
    print(f'{nbpath}: {len(nb.cells)} cells, {len(errs)} errors, {len(stderr)} stderr outputs')
    return not errs

def _from_root(md: str, folder: str) -> str:
    "Markdown links and images relative to `folder` (the notebook's) rewritten relative to its parent, the repository."
    def fix(m):
        t = m.group(2)
        if re.match(r'^([a-z]+:|#|/)', t): return m.group(0)
        return m.group(1) + os.path.relpath(os.path.join(folder, t), os.path.dirname(folder)) + m.group(3)
    return re.sub(r'(!?\[[^\]]*\]\()([^)\s]+)(\))', fix, md)

def readme(src='nbs/index.ipynb', dst='README.md'):
    nb = nbformat.read(src, as_version=4)
    out = ['<!-- generated from nbs/index.ipynb by `python tools/nbtool.py readme`: edit the notebook, not this file -->']
    for c in nb.cells:
        if c.cell_type == 'markdown': out.append(_from_root(c.source, os.path.dirname(os.path.abspath(src))))
        elif not c.source.startswith('#| hide'):   # `#| echo: false`: the output without the code
            if not c.source.startswith('#| echo: false'): out.append('```python\n' + c.source + '\n```')
            text = ''.join(o.get('text', '') or o.get('data', {}).get('text/plain', '') for o in c.outputs)
            if text.strip(): out.append('```\n' + text.rstrip() + '\n```')
    open(dst, 'w', encoding='utf-8').write('\n\n'.join(out) + '\n')

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'build': build(*args)
    elif cmd == 'src': to_src(*args)
    elif cmd == 'readme': readme(*args)
    elif cmd == 'run': sys.exit(0 if all([run(a) for a in args]) else 1)
    else: sys.exit(__doc__)
