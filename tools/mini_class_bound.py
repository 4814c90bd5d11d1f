"""How learnable the synthetic world's classes are at the mini profile's 64 px (the evidence behind issue 15's block).

The mini backbones carry no class information (notebook 03b_mini: a nearest-class-mean probe of mini-SD and mini-CLIP
features is at chance). This asks whether that is the world or the pretraining: a network is trained *with class
labels* (an upper bound no self-supervised pretraining reaches at the same cost) on the pretraining world
(`mini.PRETRAIN_WORLD`: 48 classes, photos and sketches) and tested every 25 steps on the evaluation world
(`make_world()`: 40 of the same part combinations, other instances), whose images it never saw. Chance is 1 in 48.

    python tools/mini_class_bound.py cnn 300    # a 4-block conv net
    python tools/mini_class_bound.py vit 300    # mini-CLIP's ViT image tower with a linear head

Measured on 2 CPU cores (2026-11-30): the conv net's loss leaves ln 48 = 3.87 after about 150 steps and reaches
accuracy 0.094 on photos and 0.156 on sketches at step 300 (6.4 minutes); the ViT tower's loss was still at 3.9 after
125 steps. So the classes are learnable at 64 px, slowly, and a ViT from scratch learns them more slowly still:
the committed pretraining (1,000 contrastive CLIP steps on captions that also name colour and texture) is far from
the budget that class-level features need on this world.
"""
import sys, time
import torch, torch.nn as nn, torch.nn.functional as F
from sketchfusion.mini import pretrain_data, _model, MINI_SIZE, vit_input
from sketchfusion.core import resize_pad, load_image
from sketchfusion.data.synthetic import make_world, world_captions, world_classes

def conv_net(n_classes: int) -> nn.Module:
    def block(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.GroupNorm(8, o), nn.GELU(),
                             nn.Conv2d(o, o, 3, padding=1), nn.GroupNorm(8, o), nn.GELU(), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 128), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(128, n_classes))

class ViTClassifier(nn.Module):
    "mini-CLIP's architecture (random init), its image embedding followed by a linear head."
    def __init__(self, n_classes: int):
        super().__init__()
        self.clip = _model('clip', 20)
        self.head = nn.Linear(self.clip.visual.output_dim, n_classes)
    def forward(self, x): return self.head(self.clip.encode_image(vit_input(x, MINI_SIZE)))

def main(kind: str = 'cnn', steps: int = 300, batch: int = 128, lr: float = 1e-3):
    torch.manual_seed(0)
    data = pretrain_data()
    names = world_classes(data.root)
    y = torch.tensor([names.index(r['cls']) for r in world_captions(data.root)])
    rows = world_captions(make_world())
    ex = torch.stack([resize_pad(load_image(r['image']), MINI_SIZE) for r in rows])
    ey = torch.tensor([names.index(r['cls']) for r in rows])
    kinds = [r['kind'] for r in rows]
    net = conv_net(len(names)) if kind == 'cnn' else ViTClassifier(len(names))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    g, t0 = torch.Generator().manual_seed(0), time.perf_counter()
    for s in range(steps):
        idx = torch.randint(len(data), (batch,), generator=g)
        x = data.batch(idx)
        x = torch.where((torch.rand(batch, generator=g) < 0.5).view(-1, 1, 1, 1), x.flip(-1), x)
        loss = F.cross_entropy(net(x), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if (s + 1) % 25 == 0:
            net.eval()
            with torch.no_grad(): hit = (net(ex).argmax(1) == ey).tolist()
            net.train()
            acc = {k: sum(h for h, q in zip(hit, kinds) if q == k) / kinds.count(k) for k in ('photo', 'sketch')}
            print(f'{kind} step {s + 1}: loss {loss.item():.3f}, evaluation-world accuracy photos {acc["photo"]:.3f}, '
                  f'sketches {acc["sketch"]:.3f} ({time.perf_counter() - t0:.0f} s)', flush=True)

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'cnn', int(sys.argv[2]) if len(sys.argv) > 2 else 300)
