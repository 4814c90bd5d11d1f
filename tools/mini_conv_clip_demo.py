"""The demo on the mini profile with mini-CLIP's ViT replaced by a conv-tower CLIP: an experiment for issue 15.

`tools/mini_class_bound.py clip-rn 800 0.5 W.safetensors` trains a CLIP as `pretrain-mini` trains mini-CLIP (loss,
batch, schedule, text tower) but with open_clip's ModifiedResNet as the image tower and half the photo captions
naming only the class. This script runs `sketchfusion demo` (mini profile) with that CLIP in place of mini-CLIP,
wherever the profile asks for it (SketchFusion's injector, B-CLIP, B-SD+CLIP). SketchFusion reads ViT tokens, so the
tokens here are a conv stage's feature map read as a token grid (`ConvTokens`, a prototype of the extractor the library
would need); everything else is the shipped mini profile.

    python tools/mini_class_bound.py clip-rn 800 0.5 /tmp/rn.safetensors
    python tools/mini_conv_clip_demo.py /tmp/rn.safetensors 3            # tokens of stage 3 (4×4×512 at 64 px)
    python tools/mini_conv_clip_demo.py /tmp/rn.safetensors 4 zs-sbir    # stage 4 (2×2×1024), one task

Measured on 2 CPU cores (2026-11-30) under the test suite's numeric pins (the script sets them, and a fresh
frozen-input cache unless `SKETCHFUSION_CACHE` is set), stage 3, with the CLIP that `clip-rn 800 0.5` trains under the
same pins (sketch-to-photo P@1 0.116), against the demo's stored mini tables (`21_mini_results`, ViT mini-CLIP) and
the best trivial row:

| task | metric | SketchFusion trained: ViT → conv CLIP | B-CLIP: ViT → conv CLIP | best trivial |
|---|---|---|---|---|
| zs-sbir | mAP@200 | 0.326 → 0.326 | 0.339 → 0.420 | 0.330 (random) |
| zs-fg-sbir | Acc@1 / Acc@5 | 5.0 / 25.0 → 5.0 / 25.0 | 5.0 / 25.0 → 12.5 / 35.0 | 12.5 / 25.0 (random) |
| recognition | Acc@1 | 2.5 → 2.5 | 0.0 → 3.8 | 3.8 |
| correspondence | PCK@5 / PCK@10 | 9.1 / 27.5 → 25.0 / 65.5 | 3.3 / 9.6 → 3.7 / 13.0 | 7.1 / 21.8 (identity) |
| segmentation | mIoU / pAcc | 80.0 / 95.5 → 84.2 / 96.4 | 43.9 / 87.9 → 70.2 / 92.3 | 43.9 / 87.9 (background) |

B-SD+CLIP's zs-sbir mAP@200 went from 0.339 to 0.411, and its zs-fg-sbir Acc@5 from 20.0 to 42.5. So a conv-tower
mini-CLIP gives B-CLIP class information that zs-sbir can see, and SketchFusion's correspondence PCK@10 more than
doubles; SketchFusion's own retrieval and recognition do not move, and recognition stays at chance for every row.
The demo's evaluation sets are small (zs-sbir: 20 unseen photos, so P@200 and P@100 are 0.200 for every row and no row
can beat the trivial ones on them; recognition: 80 sketches, one image is 1.25 points), so only the large changes are
evidence: an earlier run of the same experiment without the numeric pins (another CLIP, P@1 0.131) gave SketchFusion
0.367 on zs-sbir and 26.7 / 68.4 on correspondence. The demo takes about three minutes.
"""
import os, sys, json, tempfile, logging, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbtool import _numeric_env
os.environ.update(_numeric_env())   # the test suite's SIMD and thread pins (nbs/conftest.py), before torch loads
os.environ.setdefault('SKETCHFUSION_CACHE', tempfile.mkdtemp(prefix='conv-clip-demo-cache-'))   # a fresh cache
from pathlib import Path
import torch, torch.nn as nn
from sketchfusion.core import vit_input, CLIP_MEAN, CLIP_STD
import sketchfusion.backbones as bb

class ConvTokens(nn.Module):
    "A frozen open_clip ModifiedResNet's stage-`stage` feature map as a grid of tokens, with ViTTokens' interface."
    def __init__(self, visual: nn.Module, stage: int, name: str):
        super().__init__()
        self.model, self.stage, self.name, self.kind = bb.freeze(visual), stage, name, 'open_clip-resnet'
        self.layer, self.norm, self.mean, self.std = stage, False, CLIP_MEAN, CLIP_STD
        size = visual.image_size
        self.image_size = size if isinstance(size, int) else size[0]
        with torch.no_grad(): t = self.token_map(torch.zeros(1, 3, self.image_size, self.image_size))
        self.width, self.grid = t.shape[1], t.shape[-1]

    def token_map(self, x01: torch.Tensor) -> torch.Tensor:
        m = self.model
        x = m.stem(vit_input(x01, self.image_size, self.mean, self.std).to(next(m.parameters()).dtype))
        for i in range(1, self.stage + 1): x = getattr(m, f'layer{i}')(x)
        return x

    def forward(self, x01: torch.Tensor) -> torch.Tensor: return self.token_map(x01).flatten(2).transpose(1, 2)

def use_conv_clip(weights, stage: int = 3):
    "Make the profile's 'mini' CLIP the conv-tower CLIP saved at `weights` (its open_clip config beside it, .json)."
    import open_clip
    from safetensors.torch import load_file
    cfg = Path(weights).with_suffix('.json')
    f = Path(tempfile.mkdtemp()) / 'mini-RN-demo.json'
    f.write_text(cfg.read_text())
    open_clip.add_model_config(str(f))
    real = bb.load_clip

    def load_clip(name='ViT-L-14-336', pretrained='openai', layer=-2, *, device=None, seed=0):
        if name != 'mini': return real(name, pretrained, layer, device=device, seed=seed)
        m = open_clip.create_model('mini-RN-demo')
        m.load_state_dict(load_file(str(weights)))
        return ConvTokens(m.eval().visual, stage, f'mini-conv-clip-stage{stage}').to(device or 'cpu')
    bb.load_clip = load_clip   # load_backbones looks it up at call time

if __name__ == '__main__':
    if len(sys.argv) < 2: sys.exit(__doc__)
    use_conv_clip(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    from sketchfusion.reproduce import demo, DEMO_TASKS
    tasks = tuple(sys.argv[3].split(',')) if len(sys.argv) > 3 else DEMO_TASKS
    logging.getLogger('sketchfusion').setLevel(logging.WARNING)
    t0 = time.perf_counter()
    r = demo(Path(tempfile.mkdtemp()) / 'demo', profile='mini', tasks=tasks)
    print(r['markdown']['demo'])
    print(json.dumps({k: v for k, v in r.items() if k == 'out'}, default=str), f'{time.perf_counter() - t0:.0f} s')
