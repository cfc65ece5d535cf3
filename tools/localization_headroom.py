#!/usr/bin/env python3
"""How much AP is lost to box placement rather than to scores (session 17, docs/training.md).

Four subcommands on predictions in the WIDER submission layout (EVENT/IMAGE.txt, e.g. an evaluate output's
predictions/); evaluate what `oracle`, `reject` and `calibrate` write with `bin/ainnoface evaluate --predictions OUT`:

  precision  the false positives ranked above the large faces (> 64 px): WIDER's protocol counts an unmatched box
             of any size as a false positive in every size bin, so this shows what a large-face AP is lost to;
             --gallery OUT.png --images DIR draws those above the last --at face as crops (red the box, green the
             valid faces, yellow the invalid ones; needs Pillow, Debian's python3-pil; images are not to be committed)
  oracle     snaps every box whose best IoU with a valid face is in [--low, 0.5) onto that face: an upper bound
             of what better localization alone could give
  reject     drops every box under --below px (sqrt(w*h)) that no valid face matches at IoU 0.5: an upper bound of
             what a perfect verifier of small boxes could give the large-face bin
  calibrate  per-size median edge corrections (relative to the box's width and height, by predicted size) fitted
             on one set of predictions and applied to another: does a constant bias explain the misses?
  attributes WIDER's occlusion, pose and blur flags of the valid faces in a size range, grouped by the best IoU a box
             scoring at least --min-score has with them (matched, a box beside them only, none): which faces get
             loose boxes?
  grid       for faces in a size range, how far the best box's centre is from the face's, by where the face's centre
             falls between two anchor centres of a --stride grid (anchor centres at (stride-1)/2 + k*stride, as
             AnchorGenerator puts them): do boxes stick to their anchors?

IoU uses WIDER's +1 pixel convention; faces flagged invalid are never matched here. A diagnostic, not the protocol."""
import argparse, glob, os
from collections import Counter
import numpy as np

SIZE_EDGES = [0, 12, 16, 24, 32, 48, 64, 128, 1e9]


def read_gt(path):
    lines, gt, i = open(path).read().split('\n'), {}, 0
    while i < len(lines) and lines[i].strip():
        n = int(lines[i + 1])
        rows = [[float(x) for x in lines[i + 2 + k].split()[:10]] for k in range(max(n, 1))] if n > 0 else []
        gt[os.path.basename(lines[i].strip())[:-4]] = np.array(rows).reshape(-1, 10)
        i += 2 + max(n, 1)
    return gt


def read_predictions(folder):
    for f in sorted(glob.glob(os.path.join(folder, '*', '*.txt'))):
        lines = open(f).read().split('\n')
        n = int(lines[1])
        dets = np.array([[float(x) for x in ln.split()[:5]] for ln in lines[2:2 + n]]).reshape(-1, 5)
        yield os.path.basename(os.path.dirname(f)), os.path.basename(f)[:-4], lines[0], dets


def write_predictions(out, event, key, name, dets):
    os.makedirs(os.path.join(out, event), exist_ok=True)
    with open(os.path.join(out, event, key + '.txt'), 'w') as w:
        w.write('%s\n%d\n' % (name, len(dets)))
        for d in dets:
            w.write('%.2f %.2f %.2f %.2f %.5f\n' % tuple(d))


def ious(d, g):
    """IoU of one xywh box with n xywh boxes, inclusive pixels."""
    x1, y1 = np.maximum(d[0], g[:, 0]), np.maximum(d[1], g[:, 1])
    x2, y2 = np.minimum(d[0] + d[2], g[:, 0] + g[:, 2]), np.minimum(d[1] + d[3], g[:, 1] + g[:, 3])
    inter = np.maximum(0, x2 - x1 + 1) * np.maximum(0, y2 - y1 + 1)
    return inter / ((d[2] + 1) * (d[3] + 1) + (g[:, 2] + 1) * (g[:, 3] + 1) - inter)


def face_size(g):
    return np.sqrt(np.maximum(g[:, 2], 0) * np.maximum(g[:, 3], 0))


def valid(g):
    return (g[:, 7] == 0) & (g[:, 2] > 0) & (g[:, 3] > 0)


def best_face(d, g):
    """Index and IoU of the valid face the box overlaps most (-1, 0 without one)."""
    if not len(g) or not valid(g).any():
        return -1, 0.0
    o = np.where(valid(g), ious(d, g), -1)
    j = int(np.argmax(o))
    return j, float(o[j])


SIZE_BINS = ('< 16 px', '16-32 px', '32-64 px', '64-128 px', '>= 128 px')


def size_bin(box):
    s = face_size(box[None])[0]
    return SIZE_BINS[0 if s < 16 else 1 if s < 32 else 2 if s < 64 else 3 if s < 128 else 4]


def ranked_against_large(gt, predictions, split_boxed=False):
    """Every box of every image, highest score first, as (score, kind, event, name, xywh), and the number of valid
    large faces (> 64 px) in those images. kind: 'tp' (the first box on a large face at IoU >= 0.5), 'ignored' (a
    match to a face of another bin or an invalid one), 'fp: second box on a face', 'fp: IoU a-b with a ... face'
    (0.1-0.5; with split_boxed, whether a higher-scored box already matches that face), 'fp: no face' (IoU < 0.1
    with every face, valid or not)."""
    rows = []
    n_large = 0
    for event, key, name, dets in read_predictions(predictions):
        g = gt[key]
        large = valid(g) & (face_size(g) >= 64) if len(g) else np.zeros(0, bool)
        n_large += int(large.sum())
        used = np.zeros(len(g), bool)
        boxed = np.zeros(len(g), bool)  # a face some higher-scored box already matches at IoU >= 0.5
        for d in dets[np.argsort(-dets[:, 4])]:
            o = ious(d, g) if len(g) else np.zeros(0)
            j = int(np.argmax(o)) if len(g) else -1
            if j >= 0 and o[j] >= 0.5:
                boxed[j] = True
                if not large[j]:
                    kind = 'ignored'
                elif used[j]:
                    kind = 'fp: second box on a face'
                else:
                    used[j] = True
                    kind = 'tp'
            elif j >= 0 and o[j] >= 0.1:
                s = face_size(g[j:j + 1])[0]
                kind = 'fp: IoU %.1f-%.1f with a %s face%s' % (
                    np.floor(o[j] * 10) / 10, np.floor(o[j] * 10) / 10 + 0.1,
                    '< 16 px' if s < 16 else '16-64 px' if s < 64 else '> 64 px',
                    ' (boxed before: a duplicate)' if split_boxed and boxed[j] else
                    ' (no box on it yet)' if split_boxed else '')
            else:
                kind = 'fp: no face'
            rows.append((d[4], kind, event, name, d[:4].copy()))
    rows.sort(key=lambda r: -r[0])
    return rows, n_large


def precision(args, gt):
    rows, n_large = ranked_against_large(gt, args.predictions, args.split_boxed)
    tp, kinds, sizes, shown = 0, Counter(), Counter(), []
    print('%d large faces' % n_large)
    for score, kind, event, name, box in rows:
        if kind == 'tp':
            tp += 1
            if tp in args.at:
                print('large face #%d at score %.3f: %d false positives above it' % (tp, score, sum(kinds.values())))
                for k, v in kinds.most_common():
                    print('    %4d %s' % (v, k))
                print('    by the box\'s sqrt(w*h): ' + ', '.join('%s %d' % (b, sizes[b]) for b in SIZE_BINS))
        elif kind != 'ignored':
            kinds[kind] += 1
            sizes[size_bin(box)] += 1
            if tp < max(args.at):
                shown.append((score, kind, event, name, box))
    print('large faces matched at the end of the list: %d' % tp)
    if args.gallery:
        gallery(args, gt, shown)


def contact_sheet(images, gt, items, tile, context, width=2):
    """One image of crops, one per (event, name, xywh box, caption), `context` times the box's longer side around
    it: red the box, green the valid faces, yellow the invalid ones. Needs Pillow (Debian's python3-pil); the sheets
    show dataset images and are not to be committed."""
    from PIL import Image, ImageDraw
    cols = max(1, 1280 // tile)
    sheet = Image.new('RGB', (cols * tile, max(1, (len(items) + cols - 1) // cols) * (tile + 14)), 'white')
    draw = ImageDraw.Draw(sheet)
    for i, (event, name, (x, y, w, h), caption) in enumerate(items):
        m = max(w, h) * context + 8
        x0, y0 = int(x - m), int(y - m)
        crop = Image.open(os.path.join(images, event, name + '.jpg')).convert('RGB').crop(
            (x0, y0, int(x + w + m), int(y + h + m)))
        cd = ImageDraw.Draw(crop)
        for f in gt[name]:
            if f[2] > 0 and f[3] > 0:
                cd.rectangle([f[0] - x0, f[1] - y0, f[0] + f[2] - x0, f[1] + f[3] - y0],
                             outline='yellow' if f[7] else 'lime', width=width)
        cd.rectangle([x - x0, y - y0, x + w - x0, y + h - y0], outline='red', width=width)
        px, py = (i % cols) * tile, (i // cols) * (tile + 14)
        sheet.paste(crop.resize((tile, tile)), (px, py))
        draw.text((px + 2, py + tile), caption, fill='black')
    return sheet


def gallery(args, gt, fps):
    """Crops of the false positives, each labelled with its score, kind and size."""
    items = []
    for score, kind, event, name, (x, y, w, h) in fps:
        # 'no' face, 'dup'licate, or the lower IoU bound and size of the face it lies on (s < 16, m 16-64, l > 64 px)
        label = ('no' if 'no face' in kind else 'dup' if 'second' in kind else
                 kind.split('IoU ')[1][:3] + ' ' + {'<': 's', '1': 'm', '>': 'l'}[kind.split(' with a ')[1][0]])
        items.append((event, name, (x, y, w, h), '%.2f %s %dpx' % (score, label, int(np.sqrt(max(w * h, 0))))))
    contact_sheet(args.images, gt, items, 128, 0.6).save(args.gallery)
    print('%d false positives drawn into %s' % (len(fps), args.gallery))


def oracle(args, gt):
    snapped = 0
    for event, key, name, dets in read_predictions(args.predictions):
        g = gt[key]
        for d in dets:
            j, o = best_face(d, g)
            if j >= 0 and args.low <= o < 0.5:
                d[:4] = g[j, :4]
                snapped += 1
        write_predictions(args.output, event, key, name, dets)
    print('%d boxes snapped onto their face; evaluate %s' % (snapped, args.output))


def reject(args, gt):
    dropped = 0
    for event, key, name, dets in read_predictions(args.predictions):
        g = gt[key]
        drop = np.array([s < args.below and best_face(d, g)[1] < 0.5 for d, s in zip(dets, face_size(dets))], bool)
        dropped += int(drop.sum())
        write_predictions(args.output, event, key, name, dets[~drop])
    print('%d unmatched boxes under %g px dropped; evaluate %s' % (dropped, args.below, args.output))


def calibrate(args, gt):
    rec = []
    for _, key, _, dets in read_predictions(args.fit):
        g = gt[key]
        for d in dets[dets[:, 4] >= args.min_score]:
            j, o = best_face(d, g)
            if j < 0 or o < 0.3:
                continue
            f, w, h = g[j], d[2], d[3]
            rec.append([np.sqrt(w * h), (f[0] - d[0]) / w, (f[1] - d[1]) / h,
                        (f[0] + f[2] - d[0] - d[2]) / w, (f[1] + f[3] - d[1] - d[3]) / h])
    r = np.array(rec).reshape(-1, 5)
    corr = []
    for a, b in zip(SIZE_EDGES[:-1], SIZE_EDGES[1:]):
        m = (r[:, 0] >= a) & (r[:, 0] < b)
        c = np.median(r[m, 1:], 0) if m.sum() >= 20 else np.zeros(4)
        corr.append(c)
        print('boxes %g-%g px: %d matched, correction x1 y1 x2 y2 (share of w, h) %s' % (a, b, m.sum(), np.round(c, 3)))
    for event, key, name, dets in read_predictions(args.apply):
        for d in dets:
            k = min(np.searchsorted(SIZE_EDGES, np.sqrt(max(d[2], 0) * max(d[3], 0)), side='right') - 1, len(corr) - 1)
            c, w, h = corr[k], d[2], d[3]
            x1, y1 = d[0] + c[0] * w, d[1] + c[1] * h
            x2, y2 = d[0] + d[2] + c[2] * w, d[1] + d[3] + c[3] * h
            d[:4] = [x1, y1, x2 - x1, y2 - y1]
        write_predictions(args.output, event, key, name, dets)
    print('evaluate %s' % args.output)


def faces_and_boxes(args, gt):
    """Each valid face of --min-size to --max-size px with its image's boxes scoring at least --min-score."""
    for _, key, _, dets in read_predictions(args.predictions):
        g = gt[key]
        if len(g):
            for f in g[valid(g) & (face_size(g) >= args.min_size) & (face_size(g) < args.max_size)]:
                yield f, dets[dets[:, 4] >= args.min_score]


def attributes(args, gt):
    groups = {'matched (IoU >= 0.5)': [], 'a box beside it only (IoU 0.2-0.5)': [], 'no box (IoU < 0.2)': []}
    names = list(groups)
    for f, dets in faces_and_boxes(args, gt):
        o = ious(f, dets).max() if len(dets) else 0.0
        groups[names[0 if o >= 0.5 else 1 if o >= 0.2 else 2]].append(f)
    print('valid faces of %g-%g px by the best IoU of a box scoring >= %g (columns: x y w h blur expression illumination '
          'invalid occlusion pose)' % (args.min_size, args.max_size, args.min_score))
    for name, fs in groups.items():
        f = np.array(fs).reshape(-1, 10)
        share = (lambda m: 100 * m.mean() if len(f) else 0.0)
        print('%-36s %5d faces  heavy occlusion %5.1f %%  partial %5.1f %%  atypical pose %5.1f %%  heavy blur %5.1f %%  '
              'median size %.1f px' % (name, len(f), share(f[:, 8] == 2), share(f[:, 8] == 1), share(f[:, 9] == 1),
                                       share(f[:, 4] == 2), np.median(face_size(f)) if len(f) else 0))


def grid(args, gt):
    ctr, half = 0.5 * (args.stride - 1), args.stride / 2
    rows = []  # (face centre's signed x offset from the nearest anchor centre, box centre minus face centre)
    for f, dets in faces_and_boxes(args, gt):
        o = ious(f, dets) if len(dets) else np.zeros(0)
        k = np.where(o >= 0.2)[0]
        if not len(k):
            continue
        b = dets[k[np.argmax(dets[k, 4])]]  # the highest-scoring box that overlaps the face
        c = f[0] + f[2] / 2
        rows.append(((c - ctr + half) % args.stride - half, b[0] + b[2] / 2 - c))
    r = np.array(rows).reshape(-1, 2)
    print('faces of %g-%g px with a box scoring >= %g at IoU >= 0.2: %d; stride %g' % (
        args.min_size, args.max_size, args.min_score, len(r), args.stride))
    print('face centre from the nearest anchor centre | faces | median |x error| of the box centre | mean x error')
    for lo in np.arange(0, half, 1.0):
        m = (np.abs(r[:, 0]) >= lo) & (np.abs(r[:, 0]) < lo + 1)
        if m.any():
            print('  %.0f-%.0f px  %5d  %.2f px  %+.2f px' % (lo, lo + 1, m.sum(), np.median(np.abs(r[m, 1])),
                                                       np.mean(r[m, 1] * np.sign(r[m, 0] + 1e-9))))
    print('(mean x error < 0: the box centre lies towards the nearest anchor; at 3-4 px either anchor may be the one)')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('gt_file', metavar='GT_bbx_gt.txt', help='a WIDER FACE *_bbx_gt.txt split (e.g. devval)')
    sub = ap.add_subparsers(dest='command', required=True)
    p = sub.add_parser('precision', help='false positives ranked above the large faces')
    p.add_argument('predictions', metavar='PREDICTIONS_DIR')
    p.add_argument('--at', type=int, nargs='+', default=[200, 230, 240, 250, 260],
                   help='report at these large faces (in score order)')
    p.add_argument('--split-boxed', action='store_true',
                   help='split the boxes beside a face by whether a higher-scored box already matches that face')
    p.add_argument('--gallery', metavar='OUT.png', help='draw the false positives above the last --at face')
    p.add_argument('--images', metavar='DIR', help='with --gallery: WIDER_train/images (EVENT/IMAGE.jpg)')
    p = sub.add_parser('oracle', help='snap near-miss boxes onto their faces')
    p.add_argument('predictions', metavar='PREDICTIONS_DIR')
    p.add_argument('output', metavar='OUT_DIR')
    p.add_argument('--low', type=float, default=0.4, help='lowest IoU snapped (default 0.4)')
    p = sub.add_parser('reject', help='drop the unmatched small boxes')
    p.add_argument('predictions', metavar='PREDICTIONS_DIR')
    p.add_argument('output', metavar='OUT_DIR')
    p.add_argument('--below', type=float, default=64, help='boxes smaller than this are dropped when unmatched (default 64)')
    p = sub.add_parser('calibrate', help='per-size median edge corrections')
    p.add_argument('fit', metavar='FIT_PREDICTIONS_DIR', help='predictions the corrections are fitted on')
    p.add_argument('apply', metavar='APPLY_PREDICTIONS_DIR', help='predictions they are applied to')
    p.add_argument('output', metavar='OUT_DIR')
    p.add_argument('--min-score', type=float, default=0.3, help='boxes fitted on score at least this (default 0.3)')
    for name, helptext in (('attributes', 'occlusion, pose and blur of the faces boxed loosely'),
                           ('grid', 'box centre errors by where the face centre falls between anchors')):
        p = sub.add_parser(name, help=helptext)
        p.add_argument('predictions', metavar='PREDICTIONS_DIR')
        p.add_argument('--min-score', type=float, default=0.3, help='boxes scoring at least this (default 0.3)')
        p.add_argument('--min-size', type=float, default=8 if name == 'attributes' else 6,
                       help='faces of at least this sqrt(w*h)')
        p.add_argument('--max-size', type=float, default=64 if name == 'attributes' else 24,
                       help='faces under this sqrt(w*h)')
        if name == 'grid':
            p.add_argument('--stride', type=float, default=8, help='stride of the anchor grid (default 8, P3)')
    args = ap.parse_args()
    gt = read_gt(args.gt_file)
    {'precision': precision, 'oracle': oracle, 'reject': reject, 'calibrate': calibrate, 'attributes': attributes,
     'grid': grid}[args.command](args, gt)


if __name__ == '__main__':
    main()
