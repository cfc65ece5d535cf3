#!/usr/bin/env python3
"""How much higher a detector scores on images it was trained on than on held-out ones (session 20, docs/benchmarks.md).

The peers were trained on all of WIDER FACE train, devval included; ours never saw devval. This measures a peer's AP
(all / < 16 / 16-64 / > 64 px, the evaluator's settings) on a SEEN set and on an UNSEEN one, and the difference with
an event-stratified bootstrap interval (images resampled within their event, each set on its own). The unseen set is
also reported reweighted to the seen set's event mix (each image's counts weighted by its event's share in the seen
set over its share in the unseen one), so that a different mix of events does not pass for memorization.

  tools/heldout_gap.py SEEN_GT SEEN_PRED UNSEEN_GT UNSEEN_PRED [--events 0,1,2] [--resamples N] [--json OUT]

A GT is a *_bbx_gt.txt split or WIDER's wider_face_val.mat (its invalid labels included); PRED a submission folder
(EVENT/IMAGE.txt). --events keeps the images of those event numbers in both sets. Protocol as the Java evaluator's
(min-max scores over the set, IoU >= 0.5 with +1 pixel, ignored faces, 1000 thresholds, VOC AP): the APs printed
must equal `bin/ainnoface compare`'s on the same inputs. A diagnostic, not the protocol."""
import argparse, json, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wider_eval_reference import bbox_overlaps, voc_ap
from localization_headroom import read_gt

N = 1000
SETTINGS = [('all', 0, 1e18), ('<16', 0, 16), ('16-64', 16, 64), ('>64', 64, 1e18)]


def load_gt(path):
    """{(event, image key): (n, 10) rows x y w h blur expression illumination invalid occlusion pose}."""
    if not path.endswith('.mat'):
        out, lines, i = {}, open(path).read().split('\n'), 0
        while i < len(lines) and lines[i].strip():
            name, n = lines[i].strip(), int(lines[i + 1])
            out[(name.split('/')[0], os.path.basename(name)[:-4])] = None
            i += 2 + max(n, 1)
        flat = read_gt(path)  # keyed by image key alone, in file order
        return {k: flat[k[1]] for k in out}
    from scipy.io import loadmat
    m = loadmat(path)
    attrs = ['blur', 'expression', 'illumination', 'invalid', 'occlusion', 'pose']
    out = {}
    for e in range(len(m['event_list'])):
        event = str(m['event_list'][e][0][0])
        for j in range(len(m['file_list'][e][0])):
            boxes = m['face_bbx_list'][e][0][j][0].astype(float).reshape(-1, 4)
            cols = [m[a + '_label_list'][e][0][j][0].astype(float).reshape(-1, 1) for a in attrs]
            out[(event, str(m['file_list'][e][0][j][0][0]))] = np.hstack([boxes] + cols)
    return out


def load_predictions(folder, keys):
    """Rows x y w h score per image of keys (none when its file is missing), scores min-max normalized over them."""
    preds = {}
    for event, key in keys:
        f = os.path.join(folder, event, key + '.txt')
        rows = []
        if os.path.exists(f):
            lines = open(f).read().split('\n')
            rows = [[float(v) for v in ln.split()[:5]] for ln in lines[2:2 + int(lines[1])]]
        preds[(event, key)] = np.array(rows, dtype=float).reshape(-1, 5)
    scores = np.concatenate([p[:, 4] for p in preds.values()] + [np.zeros(0)])
    mx, mn = max(0.0, scores.max(initial=0.0)), min(1.0, scores.min(initial=1.0))
    for p in preds.values():
        p[:, 4] = (p[:, 4] - mn) / (mx - mn)
    return preds


def image_counts(pred, g, keep):
    """Proposals and recalled kept faces at each of the N thresholds (the evaluator's per-image counts)."""
    if len(g) == 0 or len(pred) == 0:
        return np.zeros((N, 2))
    p = pred[np.argsort(-pred[:, 4], kind='stable')]
    ov = bbox_overlaps(np.c_[p[:, :2], p[:, :2] + p[:, 2:4]], np.c_[g[:, :2], g[:, :2] + g[:, 2:4]])
    recalled = np.zeros(len(g), bool)
    proposal = np.ones(len(p))
    pred_recall = np.zeros(len(p))
    for h in range(len(p)):
        j = ov[h].argmax()
        if ov[h, j] >= 0.5:
            if not keep[j]:
                proposal[h] = 0
            recalled[j] |= keep[j]
        pred_recall[h] = recalled.sum()
    # predictions with score >= 1 - (t + 1) / N, t = 0..N-1: the last index r of that prefix
    r = np.searchsorted(-p[:, 4], -(1 - (np.arange(N) + 1) / N), side='right') - 1
    out = np.zeros((N, 2))
    ok = r >= 0
    out[ok, 0] = np.cumsum(proposal)[r[ok]]
    out[ok, 1] = pred_recall[r[ok]]
    return out


def per_image(gt, preds):
    """For every image and setting: counts (N, 2) and kept faces."""
    keys = sorted(gt)
    counts = np.zeros((len(keys), len(SETTINGS), N, 2))
    faces = np.zeros((len(keys), len(SETTINGS)))
    for i, k in enumerate(keys):
        g = gt[k]
        size = np.sqrt(np.maximum(g[:, 2], 0) * np.maximum(g[:, 3], 0))
        valid = (g[:, 7] == 0) & (g[:, 2] > 0) & (g[:, 3] > 0)
        for s, (_, lo, hi) in enumerate(SETTINGS):
            keep = valid & (size >= lo) & (size < hi)
            faces[i, s] = keep.sum()
            counts[i, s] = image_counts(preds[k], g[:, :4], keep)
    return keys, counts, faces


def ap(counts, faces, w=None):
    w = np.ones(len(counts)) if w is None else w
    c = np.tensordot(w, counts, axes=1)  # (settings, N, 2)
    f = w @ faces
    out = []
    for s in range(len(SETTINGS)):
        prop, rec = c[s, :, 0], c[s, :, 1]
        with np.errstate(invalid='ignore', divide='ignore'):
            prec = np.where(prop > 0, rec / prop, 0)
        out.append(voc_ap(rec / f[s], prec))
    return np.array(out)


def strata(keys):
    events = np.array([k[0] for k in keys])
    return {e: np.where(events == e)[0] for e in sorted(set(events))}


def bootstrap_weights(groups, n, rng):
    w = np.zeros(n)
    for idx in groups.values():
        np.add.at(w, rng.choice(idx, len(idx)), 1)
    return w


def main():
    ap_ = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for a in ('seen_gt', 'seen_pred', 'unseen_gt', 'unseen_pred'):
        ap_.add_argument(a)
    ap_.add_argument('--events', help='comma-separated event numbers to keep in both sets')
    ap_.add_argument('--resamples', type=int, default=2000)
    ap_.add_argument('--seed', type=int, default=1)
    ap_.add_argument('--json')
    a = ap_.parse_args()
    keep_events = set(a.events.split(',')) if a.events else None
    sets = []
    for gt_path, pred in ((a.seen_gt, a.seen_pred), (a.unseen_gt, a.unseen_pred)):
        gt = {k: v for k, v in load_gt(gt_path).items() if keep_events is None or k[0].split('--')[0] in keep_events}
        keys, counts, faces = per_image(gt, load_predictions(pred, sorted(gt)))
        sets.append((keys, counts, faces, strata(keys)))
    (ks, cs, fs, gs), (ku, cu, fu, gu) = sets
    share_s = {e: len(i) / len(ks) for e, i in gs.items()}
    if set(gs) != set(gu):
        sys.exit('the two sets hold different events: %s vs %s' % (sorted(gs), sorted(gu)))
    reweight = np.zeros(len(ku))
    for e, idx in gu.items():
        reweight[idx] = share_s[e] / (len(idx) / len(ku))
    seen, unseen, unseen_rw = ap(cs, fs), ap(cu, fu), ap(cu, fu, reweight)
    rng = np.random.default_rng(a.seed)
    diffs, diffs_rw = [], []
    for _ in range(a.resamples):
        s = ap(cs, fs, bootstrap_weights(gs, len(ks), rng))
        wu = bootstrap_weights(gu, len(ku), rng)
        diffs.append(s - ap(cu, fu, wu))
        diffs_rw.append(s - ap(cu, fu, wu * reweight))
    lo, hi = np.percentile(diffs, [2.5, 97.5], axis=0)
    lo_rw, hi_rw = np.percentile(diffs_rw, [2.5, 97.5], axis=0)
    print('%d seen images (%d faces), %d unseen (%d faces), events %s' % (
        len(ks), fs[:, 0].sum(), len(ku), fu[:, 0].sum(), ','.join(e.split('--')[0] for e in gs)))
    print('%-6s %8s %8s %9s %19s %11s %9s %19s' % ('', 'seen', 'unseen', 'diff', '95 % interval', 'unseen rw', 'diff',
                                                  '95 % interval'))
    rows = []
    for s, (name, _, _) in enumerate(SETTINGS):
        print('%-6s %8.4f %8.4f %+9.4f [%+.4f, %+.4f] %11.4f %+9.4f [%+.4f, %+.4f]' % (
            name, seen[s], unseen[s], seen[s] - unseen[s], lo[s], hi[s], unseen_rw[s], seen[s] - unseen_rw[s],
            lo_rw[s], hi_rw[s]))
        rows.append(dict(setting=name, seen=seen[s], unseen=unseen[s], diff=seen[s] - unseen[s],
                         interval=[lo[s], hi[s]], unseen_reweighted=unseen_rw[s],
                         diff_reweighted=seen[s] - unseen_rw[s], interval_reweighted=[lo_rw[s], hi_rw[s]]))
    if a.json:
        with open(a.json, 'w') as w:
            json.dump(dict(seen=[a.seen_gt, a.seen_pred], unseen=[a.unseen_gt, a.unseen_pred], events=a.events,
                           resamples=a.resamples, seed=a.seed, settings=rows), w, indent=1)


if __name__ == '__main__':
    main()
