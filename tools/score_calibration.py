#!/usr/bin/env python3
"""Are a detector's scores comparable across box sizes? (session 23, docs/training.md)

WIDER's protocol ranks every box of every image on one scale, so if a large box at score 0.6 were a face more often
than a small box at 0.6, ranking by the probability of being a face would raise the AP. This fits that probability,
a logistic regression of "IoU >= 0.5 with a valid face" on z = logit(score), u = log2(sqrt(w*h) / 32) with the
features [1, z, u, z*u, u^2], cross-fitted: the images are split at random into --folds parts and each part is
rescored by the fit on the others, so no box is rescored by a fit that saw it. The coefficients fitted on all boxes
are printed; evaluate what it writes with `bin/ainnoface evaluate --annotations GT --predictions OUT`.

  tools/score_calibration.py GT PREDICTIONS OUT [--folds 2] [--seed 0]

PREDICTIONS and OUT are folders in the WIDER submission layout (EVENT/IMAGE.txt). IoU and validity as in
tools/localization_headroom.py. A diagnostic, not the protocol."""
import argparse, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from localization_headroom import read_gt, read_predictions, write_predictions, best_face


def features(dets):
    s = np.clip(dets[:, 4], 1e-6, 1 - 1e-6)
    z = np.log(s / (1 - s))
    u = np.log2(np.sqrt(np.maximum(dets[:, 2], 1) * np.maximum(dets[:, 3], 1)) / 32)
    return np.c_[np.ones_like(z), z, u, z * u, u * u]


def labels(dets, g):
    return np.array([1.0 if best_face(d, g)[1] >= 0.5 else 0.0 for d in dets])


def fit(x, y, l2=1e-3, iterations=50):
    """Newton's method on the L2-regularised logistic loss."""
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        m = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (m - y) + l2 * w
        hess = (x * (m * (1 - m))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('gt_file', metavar='GT_bbx_gt.txt', help='a WIDER FACE *_bbx_gt.txt split (e.g. devval)')
    ap.add_argument('predictions', metavar='PREDICTIONS_DIR')
    ap.add_argument('output', metavar='OUT_DIR')
    ap.add_argument('--folds', type=int, default=2, help='cross-fitting folds (default 2)')
    ap.add_argument('--seed', type=int, default=0, help='seed of the random split of the images (default 0)')
    args = ap.parse_args()
    gt = read_gt(args.gt_file)
    images = [(e, k, n, d) for e, k, n, d in read_predictions(args.predictions)]
    x = [features(d) for _, _, _, d in images]
    y = [labels(d, gt[k]) for _, k, _, d in images]
    print('coefficients [1, z, u, z*u, u^2] fitted on all boxes:',
          np.round(fit(np.concatenate(x), np.concatenate(y)), 3))
    fold = np.random.default_rng(args.seed).permutation(len(images)) % args.folds
    for f in range(args.folds):
        train = [i for i in range(len(images)) if fold[i] != f]
        w = fit(np.concatenate([x[i] for i in train]), np.concatenate([y[i] for i in train]))
        for i in np.where(fold == f)[0]:
            event, key, name, dets = images[i]
            dets = dets.copy()
            dets[:, 4] = 1 / (1 + np.exp(-x[i] @ w))
            write_predictions(args.output, event, key, name, dets)
    print('evaluate %s' % args.output)


if __name__ == '__main__':
    main()
