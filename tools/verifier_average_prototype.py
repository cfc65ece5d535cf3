#!/usr/bin/env python3
"""Prototype (session 30): average the face probabilities of several verifiers over the same TTA boxes.

Each verified run's score is s^0.75 · v^0.25 (verifier weight 0.25) on the boxes the verifier saw and s elsewhere,
so with the detector-only TTA run (the same model folder without its verifier; the same boxes, as the TTA is
deterministic) v = (f / s^0.75)^4 is recovered per box, averaged over the runs, and fused again. A box missing from
a verified run fell under the 0.05 score floor there: its v is taken as 0. Writes a submission folder to evaluate
with `bin/ainnoface compare` or `evaluate --predictions`. A diagnostic, not the product."""
import argparse, glob, os


def read(f):
    lines = open(f).read().split('\n')
    n = int(lines[1])
    return lines[0], [tuple(lines[2 + i].split()[:5]) for i in range(n)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('detector', metavar='DETECTOR_ONLY_PREDICTIONS', help='TTA predictions without a verifier')
    ap.add_argument('verified', metavar='VERIFIED_PREDICTIONS', nargs='+', help='TTA predictions of each verifier')
    ap.add_argument('--output', required=True, help='submission folder to write')
    ap.add_argument('--weight', type=float, default=0.25, help='the verifiers\' weight w (default 0.25)')
    args = ap.parse_args()
    w = args.weight
    for f in glob.glob(os.path.join(args.detector, '*', '*.txt')):
        rel = os.path.relpath(f, args.detector)
        name, rows = read(f)
        runs = [{r[:4]: float(r[4]) for r in read(os.path.join(v, rel))[1]} for v in args.verified]
        out = []
        for r in rows:
            s = float(r[4])
            fused = [run.get(r[:4]) for run in runs]
            if all(x is not None and abs(x - s) <= 1e-5 for x in fused):
                score = s  # not verified (size or score outside the verifier's range)
            else:
                v = sum(0.0 if x is None else (x / s ** (1 - w)) ** (1 / w) for x in fused) / len(fused)
                score = s ** (1 - w) * v ** w
            if score >= 0.05:
                out.append(r[:4] + ('%.5f' % score,))
        os.makedirs(os.path.dirname(os.path.join(args.output, rel)), exist_ok=True)
        with open(os.path.join(args.output, rel), 'w') as wr:
            wr.write('%s\n%d\n' % (name, len(out)))
            for r in out:
                wr.write(' '.join(r) + '\n')


if __name__ == '__main__':
    main()
