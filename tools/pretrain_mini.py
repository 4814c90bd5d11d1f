"""Remake the `mini` profile's weights (sketchfusion.mini.pretrain_mini) under the pinned numeric environment.

The committed weights in sketchfusion/weights/ were made by exactly this run. Byte-identical weights need the same
library versions, the same thread count and the same SIMD code paths; the pins (nbs/conftest.py's NUMERIC_ENV: AVX2
paths, 2 threads) must be in the environment before torch loads, so this script sets them and then re-runs itself.
OMP_WAIT_POLICY=PASSIVE changes no number: it stops idle OpenMP threads from spinning, which on a busy machine made
each training step up to 8 times slower.

Usage: python tools/pretrain_mini.py [--out sketchfusion/weights] [--seed 0] [--quick] [--only mini-clip]
(--quick: a 4-class world and 3 steps per phase, to check the pipeline in seconds; --only: one model alone, the
same file as a full run makes.)
"""
import argparse, importlib.util, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _pins() -> dict:
    spec = importlib.util.spec_from_file_location('nbs_conftest', ROOT / 'nbs' / 'conftest.py')
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return dict(mod.NUMERIC_ENV, OMP_WAIT_POLICY='PASSIVE')

if __name__ == '__main__':
    pins = _pins()
    if any(os.environ.get(k) != v for k, v in pins.items()):
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **pins})
    sys.path.insert(0, str(ROOT))
    from sketchfusion.mini import pretrain_mini, CARDS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default='sketchfusion/weights')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--only', choices=list(CARDS), default=None)
    args = ap.parse_args()
    quick = dict(world=dict(n_classes=4, photos_per_class=4, sketches_per_photo=1, seed=1000), vae_steps=3, vae_batch=8,
                 unet_steps=3, unet_batch=8, clip_steps=3, clip_batch=8) if args.quick else {}
    cards = pretrain_mini(args.out, seed=args.seed, log=lambda m: print(m, flush=True), only=args.only, **quick)
    for name, card in cards.items(): print(name, card['sha256'])
