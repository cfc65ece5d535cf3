#!/usr/bin/env python3
"""Prototype (session 29): does a second-stage crop regressor ("refiner") place the TTA's boxes better?

The verifier's crop (tools/verifier_prototype.py: 64x64, twice the box's long side) and network, with four outputs:
the offsets of the face the box lies on, (dx, dy) / box size and log of the size ratio, trained with smooth L1.

crops  PRED_DIR GT IMAGES OUT.npz   crops of the --top best boxes with IoU >= --min-iou with a valid face (targets:
                                    that face) and of every valid face >= 6 px, jittered; with --all, the --top best
                                    boxes >= 0.05 of each image whatever they lie on (to be refined)
train  TRAIN.npz MODEL.pt           from the ImageNet weights, one-cycle SGD
apply  MODEL.pt DEV.npz PRED_DIR OUT   boxes moved by the predicted offsets (mean with the mirrored crop's), written
                                       as predictions to OUT; --max-size: only boxes under it (sqrt(w*h))
"""
import argparse, os, sys, time
import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from localization_headroom import best_face, face_size, read_gt, read_predictions, write_predictions, valid
from verifier_prototype import crop, jittered, model, tensor


def deltas(box, face):
    """Offsets of face from box, both xywh: centre shift over the box's size, log of the size ratio."""
    bx, by = box[0] + box[2] / 2, box[1] + box[3] / 2
    fx, fy = face[0] + face[2] / 2, face[1] + face[3] / 2
    return np.array([(fx - bx) / box[2], (fy - by) / box[3], np.log(face[2] / box[2]), np.log(face[3] / box[3])],
                    np.float32)


def moved(box, t):
    w, h = box[2] * np.exp(t[2]), box[3] * np.exp(t[3])
    cx, cy = box[0] + box[2] / 2 + t[0] * box[2], box[1] + box[3] / 2 + t[1] * box[3]
    return np.array([cx - w / 2, cy - h / 2, w, h])


def crops(args):
    gt = read_gt(args.gt)
    xs, ts, keys, idx = [], [], [], []
    rng = np.random.default_rng(0)
    t0 = time.time()
    for n, (event, key, name, dets) in enumerate(read_predictions(args.pred)):
        g = gt[key]
        im = Image.open(os.path.join(args.images, event, key + '.jpg')).convert('RGB')
        sel = np.where(dets[:, 4] >= 0.05)[0][:args.top]
        for i in sel:
            d = dets[i]
            if d[2] < 1 or d[3] < 1:
                continue
            j, o = best_face(d, g)
            if args.all or o >= args.min_iou:
                xs.append(crop(im, d)); ts.append(deltas(d, g[j]) if o >= args.min_iou else np.zeros(4, np.float32))
                keys.append(key); idx.append(i)
        if not args.all and len(g):
            for f in g[valid(g) & (face_size(g) >= 6)]:
                b = jittered(f, rng, 0.1)
                xs.append(crop(im, b)); ts.append(deltas(b, f)); keys.append(key); idx.append(-1)
        if n % 200 == 0:
            print(n, len(xs), '%.0fs' % (time.time() - t0), flush=True)
    np.savez(args.out, x=np.stack(xs), t=np.stack(ts), key=np.array(keys), idx=np.array(idx))
    print('crops', len(xs))


def net4():
    import torch.nn as nn
    base = model()
    base.fc = nn.Linear(256, 4)
    nn.init.normal_(base.fc.weight, 0, 0.01); nn.init.constant_(base.fc.bias, 0)

    class Refiner(nn.Module):
        def __init__(self):
            super().__init__()
            self.base = base

        def forward(self, x):
            b = self.base
            return b.fc(b.stage3(b.stage2(b.stage1(x))).mean((2, 3)))

    return Refiner()


def train(args):
    import torch
    torch.manual_seed(0); torch.set_num_threads(2)
    d = np.load(args.data)
    x, t = d['x'], d['t']
    net = net4()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    steps = args.epochs * (len(t) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=steps, pct_start=0.05)
    rng = np.random.default_rng(0)
    t0 = time.time()
    for ep in range(args.epochs):
        perm = rng.permutation(len(t)); net.train(); tot = 0
        for b in range(len(t) // args.batch):
            i = perm[b * args.batch:(b + 1) * args.batch]
            xb, tb = x[i], t[i].copy()
            flip = rng.random(len(i)) < 0.5
            xb = np.where(flip[:, None, None, None], xb[:, :, ::-1], xb)
            tb[flip, 0] = -tb[flip, 0]
            loss = torch.nn.functional.smooth_l1_loss(net(tensor(xb)), torch.from_numpy(tb), beta=0.1)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            tot += loss.item()
            if b % 200 == 0:
                print('epoch', ep, 'batch', b, 'loss %.4f' % (tot / (b + 1)), '%.0fs' % (time.time() - t0), flush=True)
        torch.save(net.state_dict(), args.model)


def apply(args):
    import torch
    torch.set_num_threads(2)
    d = np.load(args.data)
    net = net4(); net.load_state_dict(torch.load(args.model)); net.eval()
    out = []
    with torch.no_grad():
        for b in range(0, len(d['x']), 512):
            xb = d['x'][b:b + 512]
            p, q = net(tensor(xb)).numpy(), net(tensor(xb[:, :, ::-1])).numpy()
            q[:, 0] = -q[:, 0]
            out.append((p + q) / 2)
    t = np.concatenate(out)
    lab = np.abs(d['t']).sum(1) > 0
    print('mean |target| %.4f, mean |target - predicted| %.4f on the %d boxes with a face' % (
        np.abs(d['t'][lab]).mean(), np.abs(d['t'][lab] - t[lab]).mean(), lab.sum()))
    shift = {(str(k), int(i)): tt for k, i, tt in zip(d['key'], d['idx'], t)}
    for event, key, name, dets in read_predictions(args.pred):
        dets = dets.copy()
        for i in range(len(dets)):
            if (key, i) in shift and np.sqrt(dets[i, 2] * dets[i, 3]) < args.max_size:
                dets[i, :4] = moved(dets[i], shift[(key, i)])
        write_predictions(args.out, event, key, name, dets)
    print('wrote', args.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    s = ap.add_subparsers(dest='cmd', required=True)
    c = s.add_parser('crops'); c.add_argument('pred'); c.add_argument('gt'); c.add_argument('images'); c.add_argument('out')
    c.add_argument('--top', type=int, default=40); c.add_argument('--min-iou', type=float, default=0.4)
    c.add_argument('--all', action='store_true')
    t = s.add_parser('train'); t.add_argument('data'); t.add_argument('model')
    t.add_argument('--epochs', type=int, default=4); t.add_argument('--batch', type=int, default=128)
    t.add_argument('--lr', type=float, default=0.05)
    r = s.add_parser('apply'); r.add_argument('model'); r.add_argument('data'); r.add_argument('pred'); r.add_argument('out')
    r.add_argument('--max-size', type=float, default=1e9)
    args = ap.parse_args()
    {'crops': crops, 'train': train, 'apply': apply}[args.cmd](args)


if __name__ == '__main__':
    main()
