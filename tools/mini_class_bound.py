"""How learnable the synthetic world's classes are at the mini profile's 64 px, and by which image towers (issue 15).

The first mini backbones carried no class information (notebook 03b_mini: a nearest-class-mean probe of mini-SD and
of the ViT mini-CLIP shipped until commit 74cfdf2 was at chance). This asked whether that was the world, the
architecture or the pretraining; its answer made mini-CLIP convolutional (`clip-rn 800 0.5` at width 24 is the recipe
`pretrain-mini` now uses). Each mode trains on
the pretraining world (`mini.PRETRAIN_WORLD`: 48 classes, photos and sketches) and tests on the evaluation world
(`make_world()`: 40 of the same part combinations, other instances, 160 photos and 320 sketches), whose images it
never saw:

    python tools/mini_class_bound.py cnn 300        # supervised: a 4-block conv net with GroupNorm, AdamW 1e-3
    python tools/mini_class_bound.py bn 2000        # supervised: BatchNorm, stride-2 convs, one-cycle lr 3e-3
    python tools/mini_class_bound.py vit 300        # supervised: the former ViT mini-CLIP's image tower, linear head
    python tools/mini_class_bound.py clip-rn 800    # contrastive, as `pretrain-mini` trains mini-CLIP, but with
                                                    # open_clip's ModifiedResNet (CLIP's conv tower) as image tower
    python tools/mini_class_bound.py clip-rn 800 0.5   # ... and half the photo captions without colour and texture
    python tools/mini_class_bound.py clip-rn 800 0.5 out.safetensors   # ... and save the model (config beside it)
    python tools/mini_class_bound.py clip-rn 800 0.5 - 32              # ... at width 32 (default 24), not saved

The supervised modes print class accuracy on the evaluation world (chance 1 in 48). The conv modes and clip-rn also
print sketch-to-photo P@1 on the evaluation world: for each sketch, whether its nearest photo (cosine, the image
embedding or the penultimate features) has its class (chance about 1 in 40). clip-rn trains with `mini.train_clip`
and measures it after every tenth of the steps, the last time on the trained model (the rows below measured it every
100 steps before that step's update, with the tool's earlier copy of the same training step). The same measure for the
former ViT mini-CLIP: 0.044, the same ViT with random weights 0.025, raw 16×16 pixels 0.019.

Measured on 2 CPU cores (2026-11-30), alone unless said, under the test suite's numeric pins (AVX2 paths, 2 threads:
the tool sets them, so its numbers are the same on any x86-64 machine) except the rows marked unpinned, which ran
before the tool set them (the unpinned clip-rn run with plain captions gave 0.131: float paths alone move P@1 by that
much on these 320 sketches):

| mode | steps | wall | evaluation accuracy photos / sketches | sketch→photo P@1 |
|---|---|---|---|---|
| cnn (GroupNorm), an earlier session | 300 | 6.4 min | 0.094 / 0.156 | – |
| vit, an earlier session | 125 | ~6 min under load | 0.031 / 0.025 | – |
| bn (BatchNorm) | 1,000 | 4.0 min | 0.412 / 0.453 | 0.291 |
| bn (BatchNorm), unpinned | 2,000 | 8.2 min beside another run | 0.556 / 0.534 | – |
| clip-rn, width 32, full captions, unpinned | 800 | 12 min, 4 of them beside another run | – | 0.097 |
| clip-rn, width 32, half the photo captions plain | 800 | 12.5 min | – | 0.116 |
| clip-rn, width 24, half the photo captions plain | 800 | 7 min | – | 0.162 |

So the classes are learnable at 64 px in minutes on a CPU by a conv net with BatchNorm (the GroupNorm net and the ViT
were slow, not the world), and a contrastive conv tower learns more class information in 800 steps than the ViT
mini-CLIP did in 1,000 (under a second a step instead of 2): two and a half to nearly four times its sketch-to-photo
P@1 when half the photo captions name only the class. Width 24 beat width 32 here and keeps the weights under 25 MB
(width 32 would not), so it became mini-CLIP (`backbones.ConvTokens` reads its tokens); a supervised net shows how far
the same data can go (P@1 0.291).
"""
import os, sys, time, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbtool import _numeric_env
os.environ.update(_numeric_env())   # the test suite's SIMD and thread pins (nbs/conftest.py), before torch loads
from pathlib import Path
import torch, torch.nn as nn, torch.nn.functional as F
from sketchfusion.core import resize_pad, load_image, set_seed
from sketchfusion.backbones import vit_input, register_clip_config
from sketchfusion.mini import pretrain_data, train_clip, MINI_SIZE, MINI_CLIP, PretrainConfig
from sketchfusion.data.synthetic import make_world, world_captions, world_classes

def conv_net(n_classes: int) -> nn.Module:
    def block(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.GroupNorm(8, o), nn.GELU(),
                             nn.Conv2d(o, o, 3, padding=1), nn.GroupNorm(8, o), nn.GELU(), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 128), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(128, n_classes))

def bn_net(n_classes: int) -> nn.Module:
    "The same widths with BatchNorm, each block starting with a stride-2 conv (a quarter of the pixels per layer)."
    def block(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 3, 2, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True),
                             nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 128), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(128, n_classes))

VIT_CLIP = dict(MINI_CLIP, vision_cfg={'image_size': MINI_SIZE, 'layers': 4, 'width': 192, 'head_width': 32,
                                        'patch_size': 8})   # the ViT mini-CLIP shipped until commit 74cfdf2

def _open_clip_model(name: str, cfg: dict, seed: int):
    "A randomly initialised open_clip model of config `cfg`, registered as `name`, from `seed`."
    import open_clip
    register_clip_config(name, cfg)
    set_seed(seed)
    return open_clip.create_model(name)

class ViTClassifier(nn.Module):
    "The former ViT mini-CLIP's architecture (random init), its image embedding followed by a linear head."
    def __init__(self, n_classes: int):
        super().__init__()
        self.clip = _open_clip_model('mini-ViT-probe', VIT_CLIP, 20)
        self.head = nn.Linear(self.clip.visual.output_dim, n_classes)
    def forward(self, x): return self.head(self.clip.encode_image(vit_input(x, MINI_SIZE)))

def evaluation_world(names: list):
    "The evaluation world's images (64 px), class indices in `names` and a sketch mask."
    rows = world_captions(make_world())
    ex = torch.stack([resize_pad(load_image(r['image']), MINI_SIZE) for r in rows])
    return ex, torch.tensor([names.index(r['cls']) for r in rows]), torch.tensor([r['kind'] == 'sketch' for r in rows])

def sketch_to_photo_p1(feat: torch.Tensor, y: torch.Tensor, sk: torch.Tensor) -> float:
    "For each sketch, whether its nearest photo (cosine) has its class; the mean."
    f = F.normalize(feat.flatten(1).float(), dim=-1)
    return float((y[~sk][(f[sk] @ f[~sk].T).argmax(1)] == y[sk]).float().mean())

def supervised(kind: str, steps: int):
    torch.manual_seed(0)
    data = pretrain_data()
    names = world_classes(data.root)
    y = torch.tensor([names.index(r['cls']) for r in world_captions(data.root)])
    ex, ey, sk = evaluation_world(names)
    net = dict(cnn=conv_net, bn=bn_net, vit=ViTClassifier)[kind](len(names))
    batch, lr = (64, 3e-3) if kind == 'bn' else (128, 1e-3)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=steps) if kind == 'bn' else None
    body = nn.Sequential(*list(net)[:-1]) if kind != 'vit' else None
    g, t0 = torch.Generator().manual_seed(0), time.perf_counter()
    for s in range(steps):
        idx = torch.randint(len(data), (batch,), generator=g)
        x = data.batch(idx)
        x = torch.where((torch.rand(batch, generator=g) < 0.5).view(-1, 1, 1, 1), x.flip(-1), x)
        loss = F.cross_entropy(net(x), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched: sched.step()
        if (s + 1) % 25 == 0 or s + 1 == steps:
            net.eval()
            with torch.no_grad():
                hit = (net(ex).argmax(1) == ey).float()
                p1 = sketch_to_photo_p1(body(ex), ey, sk) if body is not None else float('nan')
            net.train()
            print(f'{kind} step {s + 1}: loss {loss.item():.3f}, evaluation-world accuracy photos '
                  f'{hit[~sk].mean():.3f}, sketches {hit[sk].mean():.3f}, sketch->photo P@1 {p1:.3f} '
                  f'({time.perf_counter() - t0:.0f} s)', flush=True)

def contrastive_rn(steps: int, plain_fraction: float = 0.0, width: int = 24, save=None):
    "mini-CLIP's training (`mini.train_clip`: recipe, text tower, seeds) with open_clip's ModifiedResNet of `width`."
    cfg = dict(MINI_CLIP, vision_cfg={'image_size': MINI_SIZE, 'layers': [1, 1, 1, 1], 'width': width})
    model = _open_clip_model(f'mini-RN{width}-probe', cfg, 20)   # seed 20: train_clip's own initialisation seed
    data = pretrain_data()
    ex, ey, sk = evaluation_world(sorted(set(world_classes(make_world()))))
    t0 = time.perf_counter()
    print(f'image tower: {sum(p.numel() for p in model.visual.parameters()):,} parameters; raw pixels sketch->photo '
          f'P@1 {sketch_to_photo_p1(F.avg_pool2d(ex, 4), ey, sk):.3f}', flush=True)

    def log(msg: str):   # train_clip logs after every tenth of the steps: measure the model there
        model.eval()
        with torch.no_grad(): p1 = sketch_to_photo_p1(model.encode_image(vit_input(ex, MINI_SIZE)), ey, sk)
        model.train()
        print(f'{msg}; sketch->photo P@1 {p1:.3f} ({time.perf_counter() - t0:.0f} s)', flush=True)
    train_clip(data, PretrainConfig(clip_steps=steps, clip_plain_fraction=plain_fraction), log, model=model)
    if save:
        from safetensors.torch import save_file
        save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(save))
        Path(save).with_suffix('.json').write_text(json.dumps(cfg, indent=1))
        print(f'saved {save} and its open_clip config {Path(save).with_suffix(".json")}')

if __name__ == '__main__':
    kind = sys.argv[1] if len(sys.argv) > 1 else 'cnn'
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    if kind == 'clip-rn':
        extra = sys.argv[3:]
        save = extra[1] if len(extra) > 1 and extra[1] != '-' else None
        contrastive_rn(steps, float(extra[0]) if extra else 0.0, int(extra[2]) if len(extra) > 2 else 24, save)
    elif kind in ('cnn', 'bn', 'vit'): supervised(kind, steps)
    else: sys.exit(f"unknown mode {kind!r}: expected cnn, bn, vit or clip-rn")
