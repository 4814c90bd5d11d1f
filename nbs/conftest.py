"""One sandbox per test session: every notebook kernel started by `pytest --nbval nbs/` writes its temporary files
and its SketchFusion cache (frozen inputs, synthetic worlds, null prompts) under one folder that is removed when the
session ends. So a test run leaves nothing behind on the disk and never reads a cache warmed by an earlier run.
Set SKETCHFUSION_KEEP_TEST_FILES=1 to keep the folder for inspection (its path is printed)."""
import os, shutil, tempfile

_sandbox = None

def pytest_configure(config):
    global _sandbox
    _sandbox = tempfile.mkdtemp(prefix='sketchfusion-tests-')
    for name, var in (('tmp', 'TMPDIR'), ('cache', 'SKETCHFUSION_CACHE')):
        os.makedirs(os.path.join(_sandbox, name))
        os.environ[var] = os.path.join(_sandbox, name)   # inherited by every kernel nbval starts
    tempfile.tempdir = None                              # this process re-reads TMPDIR too

def pytest_unconfigure(config):
    if _sandbox is None: return
    if os.environ.get('SKETCHFUSION_KEEP_TEST_FILES'): print(f'\ntest files kept in {_sandbox}')
    else: shutil.rmtree(_sandbox, ignore_errors=True)
