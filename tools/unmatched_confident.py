#!/usr/bin/env python3
"""Unmatched confident detections (score >= 0.5, IoU < 0.5 with every face) by their size, and how many of them
overlap a face under 16 px at IoU 0.1-0.5 (a box off a small face, or spanning two).

IoU without WIDER's +1 pixel and every annotated face counted: a diagnostic, not the evaluation protocol."""
import argparse, glob, os, math
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('gt_file', metavar='GT_bbx_gt.txt', help='a WIDER FACE *_bbx_gt.txt split')
ap.add_argument('runs', metavar='PREDICTIONS_DIR', nargs='+',
                help='predictions in the WIDER submission layout (EVENT/IMAGE.txt), e.g. an evaluate output\'s predictions/')
args = ap.parse_args()
gt_file, runs = args.gt_file, args.runs
gt = {}
L = open(gt_file).read().split('\n')
i = 0
while i < len(L) and L[i].strip():
    name = L[i].strip(); n = int(L[i+1]); boxes = []
    for k in range(max(n, 1)):
        v = L[i+2+k].split()
        if n > 0:
            boxes.append([float(x) for x in v[:4]])
    gt[name[:-4].split('/')[-1]] = boxes
    i += 2 + max(n, 1)
def iou(a, b):
    ax2, ay2 = a[0]+a[2], a[1]+a[3]; bx2, by2 = b[0]+b[2], b[1]+b[3]
    iw = min(ax2, bx2) - max(a[0], b[0]); ih = min(ay2, by2) - max(a[1], b[1])
    if iw <= 0 or ih <= 0: return 0.0
    inter = iw*ih; return inter / (a[2]*a[3] + b[2]*b[3] - inter)
for r in runs:
    stats = {'<16': [0, 0], '16-32': [0, 0], '32-64': [0, 0], '>64': [0, 0]}
    for f in glob.glob(r + '/*/*.txt'):
        key = os.path.basename(f)[:-4]
        lines = open(f).read().split('\n'); n = int(lines[1])
        faces = gt[key]
        for ln in lines[2:2+n]:
            x, y, w, h, s = map(float, ln.split()[:5])
            if s < 0.5: continue
            d = [x, y, w, h]
            ious = [iou(d, g) for g in faces]
            if any(v >= 0.5 for v in ious): continue
            sz = math.sqrt(w*h)
            b = '<16' if sz < 16 else '16-32' if sz < 32 else '32-64' if sz < 64 else '>64'
            stats[b][0] += 1
            if any(0.1 <= v < 0.5 and math.sqrt(g[2]*g[3]) < 16 for v, g in zip(ious, faces)):
                stats[b][1] += 1
    print(r, '  '.join(f'{k}: {v[0]} ({v[1]} on a small face)' for k, v in stats.items()))
