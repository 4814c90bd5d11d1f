"""Guards on the shape of the project: it stands alone, its import graph flows one way, it has one vocabulary for
datasets and splits, and its library has no repeated blocks of code.

These run with the notebooks (`pytest --nbval nbs/`), and each fails on a tree that breaks the rule it names.
"""
import ast, re, subprocess
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
