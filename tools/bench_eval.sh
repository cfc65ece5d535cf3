#!/usr/bin/env bash
# Times the Java evaluator against the Python reference port on the golden fixture, in one run.
# usage: tools/bench_eval.sh   (needs python3 with numpy and scipy)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
tar xzf ../shared/fixtures/wider-eval/ultraface_rfb640_val_predictions.tar.gz -C "$tmp"
gt=../shared/data/widerface/eval_tools/ground_truth
bin/ainnoface --help > /dev/null   # build outside the timing
t0=$(date +%s.%N)
bin/ainnoface evaluate --ground-truth "$gt" --predictions "$tmp/ufpred" --output "$tmp/java" 2>/dev/null
t1=$(date +%s.%N)
python3 tools/wider_eval_reference.py "$tmp/ufpred" "$gt"
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" <<'PY'
import sys
t0, t1, t2 = map(float, sys.argv[1:])
print("java (whole command, JVM start included): %.2f s" % (t1 - t0))
print("python reference (whole command):         %.2f s" % (t2 - t1))
print("speed-up: %.1fx" % ((t2 - t1) / (t1 - t0)))
PY
rm -rf "$tmp"
