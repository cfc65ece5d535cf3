#!/usr/bin/env python3
"""Are the false positives that outrank the large faces unannotated faces? An audit by eye (session 37).

  sheet  GT --predictions LABEL=DIR [...] --at N --images DIR --out DIR
         For each detector (an evaluate output's predictions/, WIDER submission layout), the boxes ranked above its
         N-th large face (> 64 px, matched at IoU 0.5) that overlap no annotated face (IoU < 0.1 with every face,
         valid or not). Boxes of different detectors on one spot (IoU >= 0.5) become one entry. Writes
         OUT/audit.csv (one row per entry, `label` empty) and OUT/sheet-K.png, crops numbered by entry id (red the
         box, green valid faces, yellow invalid ones; needs Pillow; the sheets are images of the dataset: never
         commit them). Fill `label` by eye: face (a human face WIDER did not annotate), other (an animal, cartoon or
         painted face), no (not a face), unclear.
  amend  GT AUDIT.csv OUT_GT
         GT with every entry labelled `face` added as an invalid face: WIDER's protocol then counts a box on it as
         neither a hit nor a false positive, for every detector alike. Evaluate with
         `bin/ainnoface evaluate --annotations OUT_GT --predictions DIR`.

A sensitivity check of the labels, not the protocol: issue 5's comparison stays on the official annotations."""
import argparse, csv, os
import numpy as np
from localization_headroom import contact_sheet, ious, ranked_against_large, read_gt

FIELDS = ['id', 'image', 'x', 'y', 'w', 'h', 'detectors', 'label']
LABELS = ('face', 'other', 'no', 'unclear')


def unexplained(gt, predictions, at):
    """(event, image, xywh, score) of the boxes above the at-th large face that overlap no annotated face."""
    out, tps = [], 0
    for score, kind, event, name, box in ranked_against_large(gt, predictions)[0]:
        tps += kind == 'tp'
        if tps >= at:
            break
        if kind == 'fp: no face':
            out.append((event, name, box, score))
    return out


def sheet(args):
    gt = read_gt(args.gt)
    entries = []  # [event, name, box, {label: score}]
    for spec in args.predictions:
        label, folder = spec.split('=', 1)
        found = unexplained(gt, folder, args.at)
        print('%s: %d boxes above its large face #%d overlap no annotated face' % (label, len(found), args.at))
        for event, name, box, score in found:
            same = [e for e in entries if e[1] == name and ious(box, e[2][None])[0] >= 0.5]
            if same:
                same[0][3][label] = max(score, same[0][3].get(label, 0))
            else:
                entries.append([event, name, box, {label: score}])
    entries.sort(key=lambda e: -max(e[3].values()))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'audit.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(FIELDS)
        for i, (event, name, (x, y, bw, bh), det) in enumerate(entries):
            w.writerow([i, event + '/' + name, '%.1f' % x, '%.1f' % y, '%.1f' % bw, '%.1f' % bh,
                        ';'.join('%s:%.3f' % kv for kv in sorted(det.items())), ''])
    print('%d entries in %s' % (len(entries), os.path.join(args.out, 'audit.csv')))
    ids = [int(i) for i in args.only.split(',')] if args.only else list(range(len(entries)))
    for k in range(0, len(ids), args.per_sheet):
        draw_sheet(args, gt, [(i, entries[i]) for i in ids[k:k + args.per_sheet]],
                   os.path.join(args.out, 'sheet-%d.png' % (k // args.per_sheet)))


def draw_sheet(args, gt, entries, path):
    items = [(event, name, box, '#%d %dpx %s' % (n, int(np.sqrt(max(box[2] * box[3], 0))),
                                                 ','.join(sorted(k[:2] for k in det))))
             for n, (event, name, box, det) in entries]
    # context enough to tell a face from a hand or the back of a head
    contact_sheet(args.images, gt, items, args.tile, args.context, width=1).save(path)


def amend(args):
    with open(args.audit) as f:
        rows = list(csv.DictReader(f))
    bad = [(i + 2, r['label']) for i, r in enumerate(rows) if r['label'] not in LABELS]
    if bad:
        raise SystemExit('%s: line %d: label must be one of %s, got %r' % ((args.audit,) + bad[0][:1] + (
            '/'.join(LABELS), bad[0][1])))
    added = {}
    for r in rows:
        if r['label'] == 'face':
            added.setdefault(r['image'], []).append('%s %s %s %s 0 0 0 1 0 0 ' % (r['x'], r['y'], r['w'], r['h']))
    lines, out, i = open(args.gt).read().split('\n'), [], 0
    while i < len(lines) and lines[i].strip():
        name, n = lines[i].strip(), int(lines[i + 1])
        faces = lines[i + 2:i + 2 + n] if n > 0 else []
        extra = added.pop(name[:-4], [])
        out += [name, str(len(faces) + len(extra))] + faces + extra
        if not faces and not extra:
            out.append('0 0 0 0 0 0 0 0 0 0 ')
        i += 2 + max(n, 1)
    if added:
        raise SystemExit('%s: images not in %s: %s' % (args.audit, args.gt, ', '.join(sorted(added))))
    open(args.out_gt, 'w').write('\n'.join(out) + '\n')
    print('%d faces added as invalid to %s' % (sum(r['label'] == 'face' for r in rows), args.out_gt))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('sheet', help='collect the boxes to audit and draw them')
    s.add_argument('gt')
    s.add_argument('--predictions', action='append', required=True, metavar='LABEL=DIR')
    s.add_argument('--at', type=int, default=250, help='the large face (rank among the matched) to stop at')
    s.add_argument('--images', required=True, help='WIDER_train/images (EVENT/IMAGE.jpg)')
    s.add_argument('--out', required=True)
    s.add_argument('--per-sheet', type=int, default=48)
    s.add_argument('--tile', type=int, default=160, help='pixels per crop on the sheet')
    s.add_argument('--context', type=float, default=1.0, help='context each side, in the box\'s longer side')
    s.add_argument('--only', metavar='ID,ID', help='draw only these entries (ids of audit.csv)')
    a = sub.add_parser('amend', help='the annotations with the faces found by the audit added as invalid')
    a.add_argument('gt')
    a.add_argument('audit')
    a.add_argument('out_gt')
    args = p.parse_args()
    sheet(args) if args.cmd == 'sheet' else amend(args)


if __name__ == '__main__':
    main()
