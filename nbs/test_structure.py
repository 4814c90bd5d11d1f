"""Guards on the shape of the project: it stands alone, its import graph flows one way, it has one vocabulary for
datasets and splits, and its library has no repeated blocks of code.

These run with the notebooks (`pytest --nbval nbs/`), and each fails on a tree that breaks the rule it names.
"""
import ast, json, re, subprocess
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / 'sketchfusion'

def _tracked_files():
    out = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'], cwd=ROOT, capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip(): return [ROOT / l for l in out.stdout.splitlines() if (ROOT / l).is_file()]
    skip = {'.git', '.venv', '__pycache__', 'runs', '.scratch'}
    return [p for p in ROOT.rglob('*') if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]

# ---------------------------------------------------------------------------------------------------------------
# 1. The project stands alone: nothing in it points at files beside the repository.
OUTSIDE = re.compile(r'\.\./shared|shared/(reference|bench|paper)|DESIGN\.md|reference/(datasets|metrics|reference_code_notes)\.md')
TEXT_EXT = {'.py', '.ipynb', '.md', '.txt', '.ini', '.cfg', '.toml', '.sh', '.json', '.yaml', '.yml', ''}

def test_nothing_points_outside_the_repository():
    bad = []
    for p in _tracked_files():
        if p.suffix not in TEXT_EXT or p.stat().st_size > 5_000_000 or p.name == Path(__file__).name: continue
        try: text = p.read_text(encoding='utf-8')
        except UnicodeDecodeError: continue
        for m in OUTSIDE.finditer(text): bad.append(f'{p.relative_to(ROOT)}: {m.group(0)!r}')
    assert not bad, 'files that point outside the repository:\n' + '\n'.join(bad[:20])

MD_LINK = re.compile(r'\]\(([^)\s#]+)(#[^)]*)?\)')

def test_relative_markdown_links_resolve_inside_the_repository():
    bad = []
    for p in _tracked_files():
        if p.suffix != '.md': continue
        for m in MD_LINK.finditer(p.read_text(encoding='utf-8')):
            target = m.group(1)
            if re.match(r'^[a-z]+:', target): continue          # http:, https:, mailto:
            dest = (p.parent / target).resolve()
            if ROOT.resolve() not in dest.parents and dest != ROOT.resolve(): bad.append(f'{p.relative_to(ROOT)} -> {target} (outside)')
            elif not dest.exists(): bad.append(f'{p.relative_to(ROOT)} -> {target} (missing)')
    assert not bad, 'broken or outside links:\n' + '\n'.join(bad)

# ---------------------------------------------------------------------------------------------------------------
# 2. One direction: no import cycle between the package's modules, and nothing imports the command line.
def _module_name(p: Path) -> str:
    rel = p.relative_to(ROOT).with_suffix('')
    parts = list(rel.parts)
    if parts[-1] == '__init__': parts = parts[:-1]
    return '.'.join(parts)

def import_graph() -> dict:
    "module -> set of package modules it imports (at any depth of the file: function-level imports count too)."
    mods = {_module_name(p): p for p in PKG.rglob('*.py') if p.name != '_modidx.py'}
    graph = defaultdict(set)
    for name, p in mods.items():
        pkg = name if p.name == '__init__.py' else name.rsplit('.', 1)[0]
        for node in ast.walk(ast.parse(p.read_text(encoding='utf-8'))):
            targets = []
            if isinstance(node, ast.Import): targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ''
                if node.level:
                    up = pkg.split('.')[:len(pkg.split('.')) - node.level + 1]
                    base = '.'.join(up + ([base] if base else []))
                targets = [base] + [f'{base}.{a.name}' for a in node.names]
            for t in targets:
                while t and t not in mods: t = t.rpartition('.')[0]
                if t and t != name and t != 'sketchfusion': graph[name].add(t)
        graph.setdefault(name, set())
    return dict(graph)

def find_cycle(graph: dict):
    "One import cycle as a list of modules, or None."
    state, stack = {}, []
    def visit(u):
        state[u] = 1; stack.append(u)
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1: return stack[stack.index(v):] + [v]
            if v not in state:
                c = visit(v)
                if c: return c
        state[u] = 2; stack.pop()
    for u in sorted(graph):
        if u not in state:
            c = visit(u)
            if c: return c

def test_find_cycle_sees_a_cycle():
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': set()}) is None

def test_no_import_cycle():
    c = find_cycle(import_graph())
    assert c is None, 'import cycle: ' + ' -> '.join(c)

def test_nothing_imports_the_command_line():
    g = import_graph()
    users = sorted(m for m, deps in g.items() if 'sketchfusion.cli' in deps and m != 'sketchfusion.cli')
    assert not users, f'modules importing sketchfusion.cli (the top layer, imported by nothing): {users}'

# ---------------------------------------------------------------------------------------------------------------
# 3. One direction, layer by layer: a module imports only modules of its own layer or of the layers below it.
LAYERS = [   # bottom to top; modules of one layer may import each other (without a cycle)
    ['sketchfusion', 'sketchfusion.core'],
    ['sketchfusion.data', 'sketchfusion.data.synthetic', 'sketchfusion.data.datasets', 'sketchfusion.data.quickdraw',
     'sketchfusion.data.registry', 'sketchfusion.data.splits'],
    ['sketchfusion.backbones', 'sketchfusion.mini', 'sketchfusion.analysis', 'sketchfusion.injection',
     'sketchfusion.aggregation'],
    ['sketchfusion.cache', 'sketchfusion.fusion'],
    ['sketchfusion.metrics', 'sketchfusion.train'],
    ['sketchfusion.tasks', 'sketchfusion.tasks.sbir', 'sketchfusion.tasks.recognition',
     'sketchfusion.tasks.correspondence', 'sketchfusion.tasks.segmentation', 'sketchfusion.tasks.trivial'],
    ['sketchfusion.experiment'],
    ['sketchfusion.ablations', 'sketchfusion.reproduce', 'sketchfusion.bench', 'sketchfusion.doctor',
     'sketchfusion.extract', 'sketchfusion.search', 'sketchfusion.widgets'],
    ['sketchfusion.cli'],
]

def test_every_module_has_a_layer():
    placed = {m for layer in LAYERS for m in layer}
    missing = sorted(set(import_graph()) - placed)
    assert not missing, f'modules without a layer in LAYERS (add them where they belong): {missing}'

def test_imports_point_down():
    level = {m: i for i, layer in enumerate(LAYERS) for m in layer}
    up = [f'{m} -> {d}' for m, deps in import_graph().items() for d in deps if level.get(d, -1) > level.get(m, 99)]
    assert not up, 'imports that point up a layer:\n' + '\n'.join(sorted(up))

# ---------------------------------------------------------------------------------------------------------------
# 4. One vocabulary: one dataset list (data.registry) and one home for splits (data.splits).
def _module_defs(path: Path):
    tree = ast.parse(path.read_text(encoding='utf-8'))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)): yield node.name
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name): yield t.id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name): yield node.target.id

def test_one_dataset_registry_and_one_home_for_splits():
    bad = []
    for p in PKG.rglob('*.py'):
        if p.name == '_modidx.py': continue
        rel = p.relative_to(PKG).as_posix()
        if rel == 'analysis.py': continue   # the pilot study's `energy_split` splits a spectrum, not a dataset
        for name in _module_defs(p):
            if re.search(r'(^|_)DATASETS?$|^DATA(_LABEL)?$|^TASK_DATASETS?$', name) and rel != 'data/registry.py':
                bad.append(f'{rel}: {name} (a dataset list outside data/registry.py)')
            if 'split' in name.lower() and rel != 'data/splits.py':
                bad.append(f'{rel}: {name} (a split helper outside data/splits.py)')
    assert not bad, '\n'.join(sorted(bad))

# ---------------------------------------------------------------------------------------------------------------
# 5. The library reads well: lines of at most 120 characters, no `;`-joined statements, no unused imports, one-line
# module summaries that end a sentence, and no block of code written twice.
def _library():
    return [p for p in sorted(PKG.rglob('*.py')) if p.name != '_modidx.py']

def _generated_lines(text: str) -> set:
    "Lines of the module-level `__all__` that nbdev writes itself (wrapped at 120 before its 10-character prefix)."
    return {i for node in ast.parse(text).body if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == '__all__' for t in node.targets)
            for i in range(node.lineno, node.end_lineno + 1)}

def test_lines_at_most_120_characters():
    long = []
    for p in _library():
        text = p.read_text()
        skip = _generated_lines(text)
        long += [f'{p.relative_to(ROOT)}:{i}' for i, l in enumerate(text.splitlines(), 1) if len(l) > 120 and i not in skip]
    assert not long, f'{len(long)} lines over 120 characters, e.g. {long[:10]}'

def test_one_statement_per_line():
    import io, tokenize
    joined = []
    for p in _library():
        toks = tokenize.generate_tokens(io.StringIO(p.read_text()).readline)
        joined += [f'{p.relative_to(ROOT)}:{t.start[0]}' for t in toks if t.type == tokenize.OP and t.string == ';']
    assert not joined, f'{len(joined)} statements joined with ";", e.g. {joined[:10]}'

def test_no_unused_imports():
    from pyflakes import api, reporter, messages
    class Collect(reporter.Reporter):
        def __init__(self): self.found = []
        def flake(self, m):
            if isinstance(m, messages.UnusedImport) and not m.filename.endswith('__init__.py'): self.found.append(str(m))
        def unexpectedError(self, *a): pass
        def syntaxError(self, *a): pass
    r = Collect()
    for p in _library(): api.checkPath(str(p), r)
    assert not r.found, 'unused imports in the library:\n' + '\n'.join(x.replace(str(ROOT) + '/', '') for x in r.found)

def test_module_summaries_are_one_sentence():
    bad = []
    for p in _library():
        doc = ast.get_docstring(ast.parse(p.read_text())) or ''
        first = doc.strip().splitlines()[0] if doc.strip() else ''
        if not first.endswith('.') or len(first) > 118: bad.append(f'{p.relative_to(ROOT)}: {first!r}')
    assert not bad, 'module summaries that are missing, too long or stop mid-sentence:\n' + '\n'.join(bad)

def repeated_blocks(files, size: int = 6) -> list:
    "Runs of `size` identical code lines (blank and comment lines ignored) that occur in two places."
    seen, dups = {}, []
    for p in files:
        lines = [(i, l.strip()) for i, l in enumerate(Path(p).read_text().splitlines(), 1)]
        code = [(i, l) for i, l in lines if l and not l.startswith(('#', 'import ', 'from '))]
        for k in range(len(code) - size + 1):
            window = tuple(l for _, l in code[k:k + size])
            if sum(map(len, window)) < 120 or len(set(window)) < size // 2: continue
            where = f'{Path(p).name}:{code[k][0]}'
            if window in seen: dups.append((seen[window], where))
            else: seen[window] = where
    return dups

def test_repeated_blocks_finds_a_copy(tmp_path):
    body = '\n'.join(f'value_{i} = compute_something_long_enough({i}, {i} + 1)' for i in range(8))
    (tmp_path / 'a.py').write_text(body); (tmp_path / 'b.py').write_text('x = 1\n' + body)
    assert repeated_blocks([tmp_path / 'a.py', tmp_path / 'b.py'])
    assert not repeated_blocks([tmp_path / 'a.py'])

def test_no_block_of_code_written_twice():
    d = repeated_blocks(_library())
    assert not d, f'{len(d)} repeated blocks of 6 lines, e.g. {d[:5]}'

# ---------------------------------------------------------------------------------------------------------------
# 6. The notebooks read as a story: a notebook that checks refusals (`test_fail`) gathers most of them in a last
# "## Checks" section, its prose lines are wrapped at 120 characters like the code, and no exported cell holds more
# than one large concept.

def _notebook_cells(nb: Path):
    return [(c['cell_type'], ''.join(c['source'])) for c in json.loads(nb.read_text(encoding='utf-8'))['cells']]

def checks_problems(cells) -> list:
    "Why a notebook's cells break the Checks rule (empty when they follow it)."
    heads = [i for i, (t, s) in enumerate(cells) if t == 'markdown' and re.match(r'\s*## ', s)]
    fails = [i for i, (t, s) in enumerate(cells) if t == 'code' and 'test_fail(' in s]
    if not fails: return []
    checks = [i for i in heads if re.match(r'\s*## Checks\b', cells[i][1])]
    if not checks: return ['has test_fail checks but no "## Checks" section']
    out = [] if checks[-1] == heads[-1] else ['"## Checks" is not the last section']
    after = sum(i > checks[-1] for i in fails)
    if after < len(fails) / 2: out.append(f'only {after} of {len(fails)} cells with test_fail are in "## Checks"')
    return out

def test_checks_rule_sees_a_story_full_of_refusals():
    story = [('markdown', '## A'), ('code', 'test_fail(f)'), ('code', 'test_fail(g)'), ('markdown', '## Checks'),
             ('code', 'test_fail(h)')]
    assert checks_problems(story) == ['only 1 of 3 cells with test_fail are in "## Checks"']
    assert checks_problems(story[:3]) == ['has test_fail checks but no "## Checks" section']
    assert checks_problems(story[:1] + story[3:]) == []

ONE_LINE_MARKDOWN = ('|', '$$', '![', '<')   # a table row, display math, an image, HTML: each must stay one line

def long_prose_lines(cells) -> list:
    "Markdown lines over 120 characters, outside code fences, that are not tables, display math, images or HTML."
    out = []
    for k, (t, s) in enumerate(cells):
        fence = False
        for line in s.splitlines() if t == 'markdown' else []:
            if line.lstrip().startswith('```'): fence = not fence
            elif not fence and len(line) > 120 and not line.lstrip().startswith(ONE_LINE_MARKDOWN):
                out.append(f'cell {k}: {line[:40]!r}...')
    return out

def test_long_prose_rule_sees_a_long_line():
    cells = [('markdown', 'x ' * 70), ('markdown', '| ' + 'x' * 130), ('code', 'y' * 130),
             ('markdown', '```\n' + 'z' * 130 + '\n```'), ('markdown', 'short')]
    assert long_prose_lines(cells) == [f"cell 0: {('x ' * 20)!r}..."]

def test_notebook_prose_lines_at_most_120_characters():
    bad = [f'{nb.name} {p}' for nb in sorted((ROOT / 'nbs').glob('*.ipynb')) for p in long_prose_lines(_notebook_cells(nb))]
    assert not bad, f'{len(bad)} markdown lines over 120 characters (rewrap them), e.g. {bad[:5]}'

MAX_EXPORTED_CELL = 6000   # characters: a class or a module's data table at most, never a whole module

def test_notebooks_gather_their_checks_and_keep_cells_small():
    bad = []
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        cells = _notebook_cells(nb)
        bad += [f'{nb.name}: {p}' for p in checks_problems(cells)]
        bad += [f'{nb.name}: an exported cell of {len(s):,} characters ({s.splitlines()[1][:40]!r})'
                for t, s in cells if t == 'code' and s.startswith('#| export') and len(s) > MAX_EXPORTED_CELL]
    assert not bad, '\n'.join(bad)
