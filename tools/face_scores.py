#!/usr/bin/env python3
"""How sure a detector is of the faces it finds (session 19, docs/training.md).

For every valid face of the WIDER ground truth, the best score among the detector's boxes at IoU >= 0.5 with it (0 when
none), summarised per face size (sqrt(w*h), px; bins [lo, hi) as the evaluator's) as the 10th / 25th / 50th
percentiles ('-' for a bin without faces). Faces the detector scores low are the ones a size bin's AP is decided on:
they rank below false positives.

  tools/face_scores.py GT NAME=PREDICTIONS [NAME=PREDICTIONS ...]

PREDICTIONS is a folder in the WIDER submission layout (EVENT/IMAGE.txt, an evaluate output's predictions/). IoU and
validity as in tools/localization_headroom.py. A diagnostic, not the protocol."""
import os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from localization_headroom import read_gt, read_predictions, ious, face_size, valid

BINS = [('<16', 0, 16), ('16-64', 16, 64), ('>64', 64, 1e9), ('64-128', 64, 128), ('128-256', 128, 256),
        ('>256', 256, 1e9)]


def best_scores(gt, folder):
    """(face size, best matching score) for every valid face."""
    dets = {key: d for _, key, _, d in read_predictions(folder)}
    out = []
    for key, g in gt.items():
        if len(g) == 0:
            continue
        d = dets.get(key, np.zeros((0, 5)))
        for i in np.where(valid(g))[0]:
            io = ious(g[i, :4], d[:, :4]) if len(d) else np.zeros(0)
            m = io >= 0.5
            out.append((face_size(g[i:i + 1])[0], d[m, 4].max() if m.any() else 0.0))
    return np.array(out)


def main(argv):
    if len(argv) < 2 or argv[0] in ('-h', '--help'):
        print(__doc__)
        return 0 if argv and argv[0] in ('-h', '--help') else 2
    gt = read_gt(argv[0])
    print('%-16s %s' % ('detector', '  '.join('%-17s' % ('%s px (n)' % b[0]) for b in BINS)))
    for spec in argv[1:]:
        name, folder = spec.split('=', 1)
        s = best_scores(gt, folder)
        cells = []
        for _, lo, hi in BINS:
            v = s[(s[:, 0] >= lo) & (s[:, 0] < hi), 1]
            cells.append('%.2f/%.2f/%.2f (%d)' % (tuple(np.percentile(v, [10, 25, 50])) + (len(v),)) if len(v) else '- (0)')
        print('%-16s %s' % (name, '  '.join('%-17s' % c for c in cells)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
