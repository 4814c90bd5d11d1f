"""One sandbox per test session, and one numeric environment for every kernel.

Sandbox: every notebook kernel started by `pytest --nbval nbs/` writes its temporary files and its SketchFusion cache
(frozen inputs, synthetic worlds, null prompts) under one folder that is removed when the session ends. So a test run
leaves nothing behind on the disk and never reads a cache warmed by an earlier run. Set SKETCHFUSION_KEEP_TEST_FILES=1
to keep the folder for inspection (its path is printed).

Numeric environment: the stored outputs print trained metrics, and the float results of a training run depend on which
SIMD code paths MKL, oneDNN and ATen pick for the CPU at hand (AVX-512 and AVX2 round differently). `NUMERIC_ENV` pins
all three to AVX2, which every x86-64 machine this project runs its tests on has, and the thread count to 2, so a stored
output is the same on any such machine. `tools/nbtool.py run` executes notebooks under the same pins.
"""
import os, shutil, tempfile

NUMERIC_ENV = {'MKL_CBWR': 'AVX2', 'ATEN_CPU_CAPABILITY': 'avx2', 'ONEDNN_MAX_CPU_ISA': 'AVX2',
               'OMP_NUM_THREADS': '2', 'MKL_NUM_THREADS': '2'}

_sandbox = None

def pytest_configure(config):
    global _sandbox
    os.environ.update(NUMERIC_ENV)                       # inherited by every kernel nbval starts
    _sandbox = tempfile.mkdtemp(prefix='sketchfusion-tests-')
    for name, var in (('tmp', 'TMPDIR'), ('cache', 'SKETCHFUSION_CACHE')):
        os.makedirs(os.path.join(_sandbox, name))
        os.environ[var] = os.path.join(_sandbox, name)
    tempfile.tempdir = None                              # this process re-reads TMPDIR too

def pytest_unconfigure(config):
    if _sandbox is None: return
    if os.environ.get('SKETCHFUSION_KEEP_TEST_FILES'): print(f'\ntest files kept in {_sandbox}')
    else: shutil.rmtree(_sandbox, ignore_errors=True)
