#!/usr/bin/env python3
"""Reference WIDER FACE evaluation in Python (numpy + scipy), following the widely used Python
port of the official MATLAB tools (min-max score normalisation, IoU 0.5 with the +1 pixel
convention, 1000 thresholds, VOC AP). Used only to time the Java evaluator against it:

    python3 tools/wider_eval_reference.py PRED_DIR GT_DIR
"""
import os
import sys
import time

import numpy as np
from scipy.io import loadmat


def bbox_overlaps(boxes, query):
    # boxes (N, 4), query (K, 4), xyxy with +1 areas -> (N, K)
    bw = boxes[:, 2] - boxes[:, 0] + 1
    bh = boxes[:, 3] - boxes[:, 1] + 1
    qw = query[:, 2] - query[:, 0] + 1
    qh = query[:, 3] - query[:, 1] + 1
    iw = np.minimum(boxes[:, None, 2], query[None, :, 2]) - np.maximum(boxes[:, None, 0], query[None, :, 0]) + 1
    ih = np.minimum(boxes[:, None, 3], query[None, :, 3]) - np.maximum(boxes[:, None, 1], query[None, :, 1]) + 1
    inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    ua = (bw * bh)[:, None] + (qw * qh)[None, :] - inter
    return np.where(inter > 0, inter / ua, 0.0)


def read_preds(pred_dir):
    preds = {}
    for event in sorted(os.listdir(pred_dir)):
        d = os.path.join(pred_dir, event)
        cur = {}
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f)) as fh:
                lines = fh.readlines()
            rows = [[float(v) for v in l.strip().split(' ')] for l in lines[2:] if l.strip()]
            cur[lines[0].strip().split('/')[-1]] = np.array(rows, dtype=float).reshape(-1, 5)
        preds[event] = cur
    return preds


def norm_score(preds):
    mx, mn = 0.0, 1.0
    for ev in preds.values():
        for v in ev.values():
            if len(v):
                mx, mn = max(mx, v[:, -1].max()), min(mn, v[:, -1].min())
    for ev in preds.values():
        for v in ev.values():
            if len(v):
                v[:, -1] = (v[:, -1] - mn) / (mx - mn)


def image_eval(pred, gt, ignore, thr):
    p = pred.copy()
    g = gt.copy()
    p[:, 2] += p[:, 0]
    p[:, 3] += p[:, 1]
    g[:, 2] += g[:, 0]
    g[:, 3] += g[:, 1]
    ov = bbox_overlaps(p[:, :4], g)
    recall = np.zeros(g.shape[0])
    proposal = np.ones(p.shape[0])
    pred_recall = np.zeros(p.shape[0])
    for h in range(p.shape[0]):
        j = ov[h].argmax()
        if ov[h, j] >= thr:
            if ignore[j] == 0:
                recall[j] = -1
                proposal[h] = -1
            elif recall[j] == 0:
                recall[j] = 1
        pred_recall[h] = (recall == 1).sum()
    return pred_recall, proposal


def img_pr(n, pred, proposal, pred_recall):
    pr = np.zeros((n, 2))
    for t in range(n):
        idx = np.where(pred[:, 4] >= 1 - (t + 1) / n)[0]
        if len(idx):
            r = idx[-1]
            pr[t, 0] = (proposal[:r + 1] == 1).sum()
            pr[t, 1] = pred_recall[r]
    return pr


def voc_ap(rec, prec):
    mrec = np.concatenate(([0.], rec, [1.]))
    mpre = np.concatenate(([0.], prec, [0.]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


def evaluate(pred_dir, gt_dir, thr=0.5, n=1000):
    preds = read_preds(pred_dir)
    norm_score(preds)
    gt = loadmat(os.path.join(gt_dir, 'wider_face_val.mat'))
    boxes, events, files = gt['face_bbx_list'], gt['event_list'], gt['file_list']
    aps = []
    for setting in ('easy', 'medium', 'hard'):
        keep_lists = loadmat(os.path.join(gt_dir, 'wider_%s_val.mat' % setting))['gt_list']
        count = 0
        curve = np.zeros((n, 2))
        for i in range(len(events)):
            ev = preds[str(events[i][0][0])]
            for j in range(len(files[i][0])):
                pred = ev.get(str(files[i][0][j][0][0]), np.zeros((0, 5)))
                g = boxes[i][0][j][0].astype(float)
                keep = keep_lists[i][0][j][0]
                count += len(keep)
                if len(g) == 0 or len(pred) == 0:
                    continue
                ignore = np.zeros(g.shape[0])
                if len(keep):
                    ignore[keep - 1] = 1
                pr, prop = image_eval(pred, g, ignore, thr)
                curve += img_pr(n, pred, prop, pr)
        prec = curve[:, 1] / curve[:, 0]
        rec = curve[:, 1] / count
        aps.append(voc_ap(rec, prec))
    return aps


if __name__ == '__main__':
    t0 = time.time()
    aps = evaluate(sys.argv[1], sys.argv[2])
    print('easy %.10f medium %.10f hard %.10f' % tuple(aps))
    print('seconds %.2f' % (time.time() - t0))
