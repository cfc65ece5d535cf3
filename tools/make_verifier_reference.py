#!/usr/bin/python3
"""Reference values for the verifier's Java tests, from PyTorch (Debian's python3-torch).

Run once: /usr/bin/python3 tools/make_verifier_reference.py > core/src/test/resources/reference/verifier.json
- forward: the prototype's network (tools/verifier_prototype.py: MobileNetV1-0.25 from the ImageNet weights in
  ../shared, C5 averaged, one linear unit) with a fixed linear unit, in eval mode, on two fixed 64x64 inputs;
- one_cycle: torch.optim.lr_scheduler.OneCycleLR (lr 0.05, pct_start 0.05, 100 steps): lr and momentum per step;
- bce: binary_cross_entropy_with_logits on fixed logits and labels.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verifier_prototype import model  # noqa: E402

net = model().eval()
with torch.no_grad():
    net.fc.weight.copy_(torch.tensor([[math.sin(0.37 * i) * 0.05 for i in range(256)]]))
    net.fc.bias.fill_(0.1)
    n = 2 * 3 * 64 * 64
    x = torch.tensor([math.sin(0.013 * i) + 0.5 * math.cos(0.0007 * i * i % 7) for i in range(n)],
                     dtype=torch.float32).reshape(2, 3, 64, 64)
    logits = net(x)

p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([p], lr=0.05, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, 0.05, total_steps=100, pct_start=0.05)
lrs, moms = [], []
for _ in range(100):
    lrs.append(opt.param_groups[0]['lr'])
    moms.append(opt.param_groups[0]['momentum'])
    opt.step()
    sched.step()

bl = torch.tensor([2.0, -1.0, 0.0, 30.0, -30.0, 0.3])
by = torch.tensor([1.0, 1.0, 0.0, 0.0, 1.0, 1.0])
print(json.dumps({
    "torch": torch.__version__,
    "forward": {"input": "x[i] = sin(0.013 i) + 0.5 cos((0.0007 i i) mod 7), i over (2, 3, 64, 64) row-major",
                "fc_weight": "sin(0.37 j) * 0.05, j < 256", "fc_bias": 0.1, "logits": logits.tolist()},
    "one_cycle": {"lr": 0.05, "pct_start": 0.05, "total": 100, "lrs": lrs, "momentums": moms},
    "bce": {"logits": bl.tolist(), "labels": by.tolist(),
            "mean": torch.nn.functional.binary_cross_entropy_with_logits(bl, by).item()},
}))
