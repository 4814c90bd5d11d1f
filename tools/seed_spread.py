"""How far the demo's trained SketchFusion rows move with the seed (mini profile, under the test suite's pins).

Usage: python tools/seed_spread.py [SEEDS] [TASKS]      e.g. python tools/seed_spread.py 0,1,2 recognition,correspondence

Runs `sketchfusion.reproduce.demo` once per seed without the training-free baselines (the trivial rows stay: the seed
also draws the held-out split, so their scores move too) in a fresh cache, and prints, per task, each seed's trained
SketchFusion and best trivial row on the task's first metric, and in how many seeds trained SketchFusion beats every
trivial row on every metric (the demo's rule). Defaults: seeds 0,1,2 and the three tasks where the demo's rows learn.
A seed takes about two and a half minutes on two CPU cores. `21_mini_results` quotes its output.
"""
import os, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbtool import _numeric_env
os.environ.update(_numeric_env())   # the test suite's SIMD and thread pins (nbs/conftest.py), before torch loads
os.environ['SKETCHFUSION_CACHE'] = tempfile.mkdtemp(prefix='seed-spread-')   # no cache warmed by other runs
import logging
from pathlib import Path
from sketchfusion.reproduce import demo, TRIVIAL_NAMES, METRIC_SCALE
from sketchfusion.tasks import task_metrics
from sketchfusion.tasks.trivial import beats_trivial

def spread(seeds, tasks) -> dict:
    "{task: [(seed, trained SketchFusion's metrics, the trivial rows' metrics)]}"
    out = {t: [] for t in tasks}
    for s in seeds:
        r = demo(Path(tempfile.mkdtemp()) / f'seed{s}', tasks=tuple(tasks), baselines=False, profile='mini', seed=s)
        for t in tasks:
            rows = [x for x in r['results'] if x['task'] == t]
            sf = next(x['after'] for x in rows if x['model'] == 'sketchfusion')
            out[t].append((s, sf, [x['after'] or x['before'] for x in rows if x['model'] in TRIVIAL_NAMES]))
    return out

if __name__ == '__main__':
    seeds = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else '0,1,2').split(',')]
    tasks = (sys.argv[2] if len(sys.argv) > 2 else 'recognition,correspondence,segmentation').split(',')
    logging.getLogger('sketchfusion').setLevel(logging.WARNING)
    for t, runs in spread(seeds, tasks).items():
        m = task_metrics(t)[0]
        wins, k = sum(beats_trivial(sf, triv, task_metrics(t)) for _, sf, triv in runs), METRIC_SCALE[m]
        cells = ', '.join(f'seed {s}: {k * sf[m]:.1f} (best trivial {k * max(x[m] for x in triv):.1f})'
                          for s, sf, triv in runs)
        print(f'{t} {m}: {cells}; beats every trivial row in {wins} of {len(runs)} seeds')
