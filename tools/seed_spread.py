"""How far the demo's trained SketchFusion rows move with the seed (mini profile, under the test suite's pins).

Usage: python tools/seed_spread.py [--seeds 0,1,2] [--tasks recognition,correspondence,segmentation]

Runs `sketchfusion.reproduce.demo` once per seed without the training-free baselines (the trivial rows stay: the seed
also draws the held-out split, so their scores move too) in a fresh cache, and prints, per task, each seed's trained
SketchFusion and best trivial row on the task's first metric, and in how many seeds trained SketchFusion beats every
trivial row on every metric (the demo's rule). Defaults: seeds 0, 1, 2 and the three tasks where the demo's rows learn.
A seed takes under two minutes on two CPU cores. `21_mini_results` quotes its output.
"""
import argparse, atexit, os, shutil, sys, tempfile
from pathlib import Path
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbtool import _numeric_env

def spread(seeds, tasks) -> dict:
    "{task: [(seed, trained SketchFusion's metrics, the trivial rows' metrics)]}"
    from sketchfusion.reproduce import demo, TRIVIAL_NAMES
    out = {t: [] for t in tasks}
    for s in seeds:
        r = demo(Path(tempfile.mkdtemp()) / f'seed{s}', tasks=tuple(tasks), baselines=False, profile='mini', seed=s)
        for t in tasks:
            rows = [x for x in r['results'] if x['task'] == t]
            sf = next(x['after'] for x in rows if x['model'] == 'sketchfusion')
            out[t].append((s, sf, [x['after'] or x['before'] for x in rows if x['model'] in TRIVIAL_NAMES]))
    return out

def _list(kind):
    def parse(v: str) -> list:
        items = list(dict.fromkeys(x.strip() for x in v.split(',') if x.strip()))
        if not items: raise argparse.ArgumentTypeError(f'expected a comma-separated list of {kind}')
        return items
    return parse

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', type=_list('seeds'), default=['0', '1', '2'], help='comma-separated (default 0,1,2)')
    ap.add_argument('--tasks', type=_list('tasks'), default=['recognition', 'correspondence', 'segmentation'],
                    help='comma-separated demo tasks (default: recognition,correspondence,segmentation)')
    args = ap.parse_args()
    try: seeds = [int(s) for s in args.seeds]
    except ValueError: ap.error(f'--seeds {",".join(args.seeds)}: expected whole numbers')
    os.environ.update(_numeric_env())   # the test suite's SIMD and thread pins (nbs/conftest.py), before torch loads
    work = tempfile.mkdtemp(prefix='seed-spread-')
    atexit.register(shutil.rmtree, work, True)
    os.environ['SKETCHFUSION_CACHE'], tempfile.tempdir = os.path.join(work, 'cache'), work   # a fresh cache, removed
    import logging
    from sketchfusion.reproduce import DEMO_TASKS, METRIC_SCALE
    from sketchfusion.tasks import task_metrics
    from sketchfusion.tasks.trivial import beats_trivial
    bad = [t for t in args.tasks if t not in DEMO_TASKS]
    if bad: ap.error(f'--tasks: unknown {bad}; expected some of {list(DEMO_TASKS)}')
    logging.getLogger('sketchfusion').setLevel(logging.WARNING)
    for t, runs in spread(seeds, args.tasks).items():
        m = task_metrics(t)[0]
        k, d = METRIC_SCALE[m], 1 if METRIC_SCALE[m] == 100 else 3
        wins = sum(beats_trivial(sf, triv, task_metrics(t)) for _, sf, triv in runs)
        cells = ', '.join(f'seed {s}: {k * sf[m]:.{d}f} (best trivial {k * max(x[m] for x in triv):.{d}f})'
                          for s, sf, triv in runs)
        print(f'{t} {m}: {cells}; beats every trivial row in {wins} of {len(runs)} seeds')
