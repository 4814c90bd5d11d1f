#!/usr/bin/env bash
# The README's GPU performance table: `sketchfusion bench` at the paper profile (336 px, ViT-L/14@336, K = 8, random
# weights) on one CUDA card, eager and compiled. Writes JSON and a log to $OUT (or ./bench-out). Needs diffusers and
# open_clip_torch importable; run from the repository root.
set -uo pipefail
OUT=${OUT:-bench-out}; mkdir -p "$OUT"
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 PYTHONPATH=".:${PYTHONPATH:-}"
nvidia-smi -L | tee "$OUT/card.txt"
python3 -c "import torch, diffusers, open_clip; print('torch', torch.__version__, 'diffusers', diffusers.__version__, 'open_clip', open_clip.__version__)" | tee -a "$OUT/card.txt"
B=${BATCH:-16}; TB=${TRAIN_BATCH:-8}
timeout ${T_EAGER:-180} python3 -m sketchfusion.cli bench --profile paper --device cuda --batch $B --train-batch $TB --reps 3 \
    --json "$OUT/paper_eager.json" 2>&1 | grep -v Warning | tee "$OUT/eager.log"
timeout ${T_COMPILE:-360} python3 -m sketchfusion.cli bench --profile paper --device cuda --batch $B --train-batch $TB --reps 5 --compile \
    --json "$OUT/paper_compile.json" 2>&1 | grep -v Warning | tee "$OUT/compile.log"
