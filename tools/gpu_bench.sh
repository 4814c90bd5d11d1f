#!/usr/bin/env bash
# The README's GPU performance table: `sketchfusion bench` at the paper profile (336 px, ViT-L/14@336, K = 8, random
# weights) on one CUDA card: eager, compiled block by block, the whole UNet pass compiled, and that with CUDA graphs.
# Writes JSON and a log to $OUT (or ./bench-out). Needs diffusers and open_clip_torch importable; run from the
# repository root.
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
# not measured yet (the task's device time ran out): the whole UNet pass as one graph, then with CUDA graphs
timeout ${T_UNET:-300} python3 -m sketchfusion.cli bench --profile paper --device cuda --batch $B --train-batch $TB --reps 5 --compile unet \
    --json "$OUT/paper_compile_unet.json" 2>&1 | grep -v Warning | tee "$OUT/compile_unet.log"
timeout ${T_GRAPHS:-300} python3 -m sketchfusion.cli bench --profile paper --device cuda --batch $B --train-batch $TB --reps 5 --compile unet \
    --compile-mode reduce-overhead --json "$OUT/paper_compile_unet_graphs.json" 2>&1 | grep -v Warning | tee "$OUT/compile_unet_graphs.log"
