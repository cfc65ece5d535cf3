#!/usr/bin/env python3
"""Confident boxes that overlap no annotated face (IoU < 0.3 with every face, valid or not), by box size and score,
for one split's predictions (session 43). Run on the train split's TTA output (training/train-tta-s32-predictions.tgz)
and on devval's, it asks whether the detector learned to suppress the faces WIDER left unannotated in the images it
was trained on: if so, its confident unannotated boxes would be rarer on train than on held-out images.

IoU without WIDER's +1 pixel: a diagnostic, not the evaluation protocol."""
import argparse, collections, math, os

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('gt_file', metavar='GT_bbx_gt.txt', help='a WIDER FACE *_bbx_gt.txt split')
ap.add_argument('predictions', metavar='PREDICTIONS_DIR', help='WIDER submission layout (EVENT/IMAGE.txt)')
args = ap.parse_args()

gt = {}
L = open(args.gt_file).read().split('\n')
i = 0
while i < len(L) and L[i].strip():
    name, n = L[i].strip(), int(L[i + 1])
    gt[name[:-4]] = [[float(v) for v in L[i + 2 + k].split()[:4]] for k in range(n)]
    i += 2 + max(n, 1)

def iou(a, b):
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)

BINS = ('<16', '16-64', '>64')
THRESHOLDS = (0.5, 0.7, 0.9)
boxes, unannotated, images = collections.Counter(), collections.Counter(), collections.Counter()
for key, faces in gt.items():
    path = os.path.join(args.predictions, key + '.txt')
    if not os.path.exists(path):
        continue
    lines = open(path).read().split('\n')
    seen = set()
    for line in lines[2:2 + int(lines[1])]:
        x, y, w, h, s = map(float, line.split())
        size = math.sqrt(max(w, 0) * max(h, 0))
        b = BINS[0] if size < 16 else BINS[1] if size <= 64 else BINS[2]
        for t in THRESHOLDS:
            if s >= t:
                boxes[t, b] += 1
                if all(iou((x, y, w, h), f) < 0.3 for f in faces):
                    unannotated[t, b] += 1
                    seen.add((t, b))
    for k in seen:
        images[k] += 1
print(f'{len(gt)} images; boxes overlapping no annotated face / all boxes (images with one), by box size')
for t in THRESHOLDS:
    print(f'score >= {t}: ' + ', '.join(f'{b} {unannotated[t, b]} / {boxes[t, b]} ({images[t, b]})' for b in BINS))
