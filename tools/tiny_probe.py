"""How much class information the tiny profile's frozen parts keep (the evidence behind issue 5's block).

Trains the same small CNN probe (400 steps) on the default synthetic world's sketches, 240 train / 80 held out, from
(a) the 64 px pixels, (b) the tiny VAE latents, (c) the tiny UNet up-block maps that SketchFusion aggregates; prints
held-out accuracy (chance 5%). With --pretrain, the tiny VAE (autoencoder) and UNet (denoiser) are first trained for
--steps steps on a world with another seed, the stand-in for SD's pretraining; that takes a few CPU minutes.
Usage: python tools/tiny_probe.py [--pretrain] [--steps 400]
"""
import argparse, warnings
import torch, torch.nn as nn, torch.nn.functional as F
from sketchfusion.data.datasets import Sketchy
from sketchfusion.data.synthetic import make_world
from sketchfusion.backbones import load_backbones, unit_variance_scaling
from sketchfusion.fusion import SketchFusionConfig, build_model

def images(root, kinds=('sketch',), size=None):
    "Images (N×3×H×W, resized to `size`) and class labels of a Sketchy-layout folder, read by the project's loader."
    ds = [Sketchy(root, k) for k in kinds]
    x = torch.stack([d[i]['image'] for d in ds for i in range(len(d))])
    if size: x = F.interpolate(x, size=size, mode='area')
    return x, torch.tensor([int(l) for d in ds for l in d.labels])

def pretrain(sd, steps):
    x, _ = images(make_world(seed=1), ('sketch', 'photo'), 64)
    vae = sd.vae.requires_grad_(True).train(); opt = torch.optim.AdamW(vae.parameters(), lr=1e-3)
    for _ in range(steps):   # autoencoder, ink weighted up (the page is mostly white)
        b = x[torch.randint(0, len(x), (32,))] * 2 - 1; post = vae.encode(b).latent_dist
        w = 1 + 9 * (b.mean(1, keepdim=True) < 0.8).float()
        loss = (w * (vae.decode(post.sample()).sample - b) ** 2).mean() + 1e-6 * post.kl().mean()
        opt.zero_grad(); loss.backward(); opt.step()
    vae.eval().requires_grad_(False); vae.register_to_config(scaling_factor=round(unit_variance_scaling(vae), 4))
    with torch.no_grad(): lat = torch.cat([sd.encode(x[i:i + 64]) for i in range(0, len(x), 64)])
    unet = sd.unet.requires_grad_(True).train(); opt = torch.optim.AdamW(unet.parameters(), lr=1e-3)
    for _ in range(steps):   # epsilon-prediction denoiser, null prompt
        z = lat[torch.randint(0, len(lat), (32,))]; t = torch.randint(0, 1000, (32,)); eps = torch.randn_like(z)
        a = sd.alphas_cumprod[t].view(-1, 1, 1, 1)
        loss = F.mse_loss(unet(a.sqrt() * z + (1 - a).sqrt() * eps, t, encoder_hidden_states=sd.context(32)).sample, eps)
        opt.zero_grad(); loss.backward(); opt.step()
    unet.eval().requires_grad_(False)

def probe(feats, y, steps=400, seed=0):
    feats = (feats - feats.mean((0, 2, 3), keepdim=True)) / (feats.std((0, 2, 3), keepdim=True) + 1e-6)
    g = torch.Generator().manual_seed(seed); perm = torch.randperm(len(y), generator=g); tr, te = perm[:240], perm[240:]
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Conv2d(feats.shape[1], 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(64, 64, 3, 1, 1), nn.ReLU(),
                        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(64, int(y.max()) + 1))
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3)
    for _ in range(steps):
        i = tr[torch.randint(0, len(tr), (32,))]; loss = F.cross_entropy(net(feats[i]), y[i])
        opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad(): return (net(feats[te]).argmax(1) == y[te]).float().mean().item()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0]); ap.add_argument('--pretrain', action='store_true')
    ap.add_argument('--steps', type=int, default=400); args = ap.parse_args()
    warnings.filterwarnings('ignore'); torch.manual_seed(0)
    cfg = SketchFusionConfig.tiny(); bb = load_backbones('tiny', 'tiny', seed=0)
    if args.pretrain: pretrain(bb['sd'], args.steps)
    x, y = images(make_world())
    m = build_model('sketchfusion', cfg, bb).eval()
    with torch.no_grad():
        px = 1 - F.interpolate(x, size=cfg.image_size, mode='area')[:, :1]
        lat = torch.cat([m.encode_frozen(m.prepare(x[i:i + 64]))[0] for i in range(0, len(x), 64)])
        maps = torch.cat([torch.cat([F.interpolate(f, size=cfg.grid_size, mode='bilinear') for f in m.sd_features(x[i:i + 64])], 1)
                          for i in range(0, len(x), 64)])
    for name, f in (('pixels (ink = 1)', px), ('VAE latents', lat), ('UNet up-block maps', maps)):
        print(f'{name}: held-out accuracy {100 * probe(f, y):.1f}% (chance {100 / (int(y.max()) + 1):.0f}%)')
