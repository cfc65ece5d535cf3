#!/usr/bin/env python3
"""Fuses the predictions of several detectors per image, as weighted box fusion does (session 36, docs/training.md).

  tools/fuse_predictions.py OUT PRED_A PRED_B [...] [--iou 0.4]

Each PRED is a folder in the WIDER submission layout (EVENT/IMAGE.txt, xywh + score; e.g. an evaluate output's
predictions/), OUT is written in the same layout; evaluate it with `bin/ainnoface evaluate --predictions OUT`.
Per image, the boxes of every model, by descending score, join the cluster whose fused box overlaps them most at
IoU >= --iou, or start one. A cluster's fused box is the score-weighted mean of its boxes; its score is the mean over
the models of each model's best score in the cluster, a model with no box there counting 0, so a box only one model
is sure of ranks below one that all find. IoU uses WIDER's +1 pixel convention (localization_headroom.ious)."""
import argparse
import os
import numpy as np

from localization_headroom import ious, read_predictions, write_predictions


def fuse(per_model, iou):
    """per_model: one (n, 5) xywh+score array per model. Returns the fused (m, 5) array, by descending score."""
    models = len(per_model)
    rows = [(d, k) for k, dets in enumerate(per_model) for d in dets]
    rows.sort(key=lambda r: -r[0][4])
    sums, weight, best = [], [], []  # per cluster: score-weighted sum of xywh, summed scores, best score per model
    for d, k in rows:
        j = -1
        if sums:
            o = ious(d, np.array(sums) / np.array(weight)[:, None])
            j = int(np.argmax(o))
            if o[j] < iou:
                j = -1
        if j < 0:
            sums.append(d[:4] * d[4])
            weight.append(d[4])
            best.append(np.zeros(models))
            best[-1][k] = d[4]
        else:
            sums[j] = sums[j] + d[:4] * d[4]
            weight[j] += d[4]
            best[j][k] = max(best[j][k], d[4])
    out = np.array([np.append(t / w, b.mean()) for t, w, b in zip(sums, weight, best)]).reshape(-1, 5)
    return out[np.argsort(-out[:, 4], kind='stable')]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out')
    ap.add_argument('predictions', nargs='+', help='two or more prediction folders, one per model')
    ap.add_argument('--iou', type=float, default=0.4, help='cluster IoU (the TTA voteIou; default 0.4)')
    args = ap.parse_args()
    if len(args.predictions) < 2:
        ap.error('fusion needs at least two prediction folders')
    sets = [{(e, k): (name, dets) for e, k, name, dets in read_predictions(p)} for p in args.predictions]
    keys = sorted(set().union(*sets))
    for e, k in keys:
        name = next(s[(e, k)][0] for s in sets if (e, k) in s)
        dets = [s[(e, k)][1] if (e, k) in s else np.zeros((0, 5)) for s in sets]
        write_predictions(args.out, e, k, name, fuse(dets, args.iou))
    print('fused %d images from %d models into %s' % (len(keys), len(sets), os.path.abspath(args.out)))


if __name__ == '__main__':
    main()
