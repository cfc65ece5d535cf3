#!/usr/bin/env python3
"""Prototype: does a second-stage crop classifier ("verifier") re-rank the TTA's boxes better?

crops  PRED_DIR GT IMAGES OUT.npz   crops (64x64, context 2x the box's long side) of predicted boxes
                                    (labels: 1 IoU>=0.5 with a valid face, 0 IoU<0.3 with every face,
                                    -1 between) and, with --add-gt, of the valid faces themselves
train  TRAIN.npz MODEL.pt           MobileNetV1-0.25 from ImageNet, pooled, one logit
score  MODEL.pt DEV.npz PRED_DIR OUT --weights W..  fused score s^(1-W) * v^W, written as predictions to OUT-wW
"""
import argparse, os, sys, time
import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from localization_headroom import best_face, face_size, read_gt, read_predictions, write_predictions, ious, valid

SIDE = 64
CONTEXT = 2.0
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def crop(im, box):
    x, y, w, h = box[:4]
    cx, cy = x + w / 2, y + h / 2
    s = CONTEXT * max(w, h)
    # crop (black outside the image), then an antialiased resize: large faces shrink 10x and more
    c = im.crop((int(round(cx - s / 2)), int(round(cy - s / 2)), int(round(cx + s / 2)) + 1, int(round(cy + s / 2)) + 1))
    return np.asarray(c.resize((SIDE, SIDE), Image.BILINEAR))


def jittered(f, rng, sigma):
    """Face f (xywh) with its corner moved and its sides scaled by N(0, sigma) of its size."""
    j = rng.normal(0, sigma, 4)
    return np.array([f[0] + j[0] * f[2], f[1] + j[1] * f[3], f[2] * np.exp(j[2]), f[3] * np.exp(j[3])])


def crops(args):
    gt = read_gt(args.gt)
    xs, ys, keys, idx, scores = [], [], [], [], []
    rng = np.random.default_rng(0)
    t = time.time()
    for n, (event, key, name, dets) in enumerate(read_predictions(args.pred)):
        g = gt[key]
        im = Image.open(os.path.join(args.images, event, key + '.jpg')).convert('RGB')
        sel = np.where(dets[:, 4] >= args.floor)[0][:args.top]
        for i in sel:
            d = dets[i]
            lab = 1 if best_face(d, g)[1] >= 0.5 else (0 if not len(g) or ious(d, g).max() < 0.3 else -1)
            if args.train and lab < 0:
                continue
            xs.append(crop(im, d)); ys.append(lab); keys.append(key); idx.append(i); scores.append(d[4])
        if args.add_gt and len(g):
            for f in g[valid(g) & (face_size(g) >= 6)]:
                xs.append(crop(im, jittered(f, rng, 0.06))); ys.append(1); keys.append(key); idx.append(-1); scores.append(1.0)
        if n % 100 == 0:
            print(n, len(xs), '%.0fs' % (time.time() - t), flush=True)
    np.savez(args.out, x=np.stack(xs), y=np.array(ys, np.int8), key=np.array(keys), idx=np.array(idx),
             score=np.array(scores, np.float32))
    y = np.array(ys)
    print('crops', len(y), 'pos', (y == 1).sum(), 'neg', (y == 0).sum(), 'ignored', (y < 0).sum())


def model():
    import torch
    import torch.nn as nn

    def load_file(path):
        import json, struct
        raw = open(path, 'rb').read()
        n = struct.unpack('<Q', raw[:8])[0]
        head = json.loads(raw[8:8 + n])
        types = {'F32': np.float32, 'I64': np.int64}
        out = {}
        for k, v in head.items():
            if k == '__metadata__':
                continue
            a, b = v['data_offsets']
            arr = np.frombuffer(raw[8 + n + a:8 + n + b], types[v['dtype']]).reshape(v['shape'])
            out[k] = torch.from_numpy(arr.copy()).reshape(v['shape'] if v['shape'] else ())
        return out

    def conv_bn(i, o, s):
        return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.LeakyReLU(0.1))

    def conv_dw(i, o, s):
        return nn.Sequential(nn.Conv2d(i, i, 3, s, 1, groups=i, bias=False), nn.BatchNorm2d(i), nn.LeakyReLU(0.1),
                             nn.Conv2d(i, o, 1, 1, 0, bias=False), nn.BatchNorm2d(o), nn.LeakyReLU(0.1))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stage1 = nn.Sequential(conv_bn(3, 8, 2), conv_dw(8, 16, 1), conv_dw(16, 32, 2), conv_dw(32, 32, 1),
                                        conv_dw(32, 64, 2), conv_dw(64, 64, 1))
            self.stage2 = nn.Sequential(conv_dw(64, 128, 2), *[conv_dw(128, 128, 1) for _ in range(5)])
            self.stage3 = nn.Sequential(conv_dw(128, 256, 2), conv_dw(256, 256, 1))
            self.fc = nn.Linear(256, 1)

        def forward(self, x):
            x = self.stage3(self.stage2(self.stage1(x)))
            return self.fc(x.mean((2, 3)))[:, 0]

    net = Net()
    sd = {k: v for k, v in load_file(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'models', 'pretrained', 'mobilenet_v1_0.25_imagenet.safetensors')).items()
          if not k.startswith('fc.')}
    missing = net.load_state_dict(sd, strict=False)
    assert set(missing.missing_keys) == {'fc.weight', 'fc.bias'}, missing
    nn.init.normal_(net.fc.weight, 0, 0.01); nn.init.constant_(net.fc.bias, 0)
    return net


def tensor(x):
    import torch
    return torch.from_numpy(((x.astype(np.float32) / 255 - MEAN) / STD).transpose(0, 3, 1, 2).copy())


def train(args):
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(2)
    d = np.load(args.data)
    x, y = d['x'], d['y'].astype(np.float32)
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    steps = args.epochs * (len(y) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=steps, pct_start=0.05)
    rng = np.random.default_rng(0)
    step, t = 0, time.time()
    for ep in range(args.epochs):
        perm = rng.permutation(len(y))
        net.train()
        tot = 0
        for b in range(len(y) // args.batch):
            i = perm[b * args.batch:(b + 1) * args.batch]
            xb = x[i]
            flip = rng.random(len(i)) < 0.5
            xb = np.where(flip[:, None, None, None], xb[:, :, ::-1], xb)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(tensor(xb)), torch.from_numpy(y[i]))
            opt.zero_grad(); loss.backward(); opt.step(); sched.step(); step += 1
            tot += loss.item()
            if b % 200 == 0:
                print('epoch', ep, 'batch', b, 'loss %.4f' % (tot / (b + 1)), '%.0fs' % (time.time() - t), flush=True)
        torch.save(net.state_dict(), args.model)


def score(args):
    import torch
    d = np.load(args.data)
    torch.set_num_threads(2)
    net = model(); net.load_state_dict(torch.load(args.model)); net.eval()
    v = []
    with torch.no_grad():
        for b in range(0, len(d['x']), 512):
            xb = d['x'][b:b + 512]
            p = (torch.sigmoid(net(tensor(xb))) + torch.sigmoid(net(tensor(xb[:, :, ::-1])))) / 2
            v.append(p.numpy())
    v = np.concatenate(v)
    y = d['y']
    lab = y >= 0
    def roc_auc_score(t, s):
        # Mann-Whitney U with tied scores sharing their mean rank (the TTA's scores have five decimals)
        _, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
        r = (np.cumsum(counts) - (counts - 1) / 2)[inv]
        n1 = t.sum(); n0 = len(t) - n1
        return (r[t == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    print('AUC detector %.4f verifier %.4f' % (roc_auc_score(y[lab], d['score'][lab]), roc_auc_score(y[lab], v[lab])))
    np.save(args.out + '.v.npy', v)
    fused = {}
    for k, i, s, vv in zip(d['key'], d['idx'], d['score'], v):
        fused[(str(k), int(i))] = (s, vv)
    for w in args.weights:
        out = '%s-w%.2f' % (args.out, w)
        for event, key, name, dets in read_predictions(args.pred):
            dets = dets.copy()
            for i in range(len(dets)):
                if (key, i) in fused:
                    s, vv = fused[(key, i)]
                    dets[i, 4] = s ** (1 - w) * vv ** w
                else:
                    dets[i, 4] = dets[i, 4] * args.unverified
            write_predictions(out, event, key, name, dets)
        print('wrote', out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    s = p.add_subparsers(dest='cmd', required=True)
    c = s.add_parser('crops'); c.add_argument('pred'); c.add_argument('gt'); c.add_argument('images'); c.add_argument('out')
    c.add_argument('--floor', type=float, default=0.05); c.add_argument('--top', type=int, default=400)
    c.add_argument('--add-gt', action='store_true'); c.add_argument('--train', action='store_true')
    t = s.add_parser('train'); t.add_argument('data'); t.add_argument('model')
    t.add_argument('--epochs', type=int, default=6); t.add_argument('--batch', type=int, default=128)
    t.add_argument('--lr', type=float, default=0.05)
    r = s.add_parser('score'); r.add_argument('model'); r.add_argument('data'); r.add_argument('pred'); r.add_argument('out')
    r.add_argument('--weights', type=float, nargs='+', default=[0.5]); r.add_argument('--unverified', type=float, default=1.0)
    a = p.parse_args()
    {'crops': crops, 'train': train, 'score': score}[a.cmd](a)


if __name__ == '__main__':
    main()
