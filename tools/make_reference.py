#!/usr/bin/python3
"""Reference values for the Java tests, from torchvision (Debian's python3-torchvision).

Run once: /usr/bin/python3 tools/make_reference.py > core/src/test/resources/reference/torchvision.json
The Java tests read the JSON only; they never need Python.
"""
import json

import torch
import torchvision
from torchvision.ops import box_iou, nms, sigmoid_focal_loss

g = torch.Generator().manual_seed(1234)


def boxes(n, size=100.0):
    xy = torch.rand(n, 2, generator=g) * size
    wh = torch.rand(n, 2, generator=g) * size / 3 + 1
    return torch.cat([xy, xy + wh], 1)


a = boxes(7)
b = boxes(5)
nb = boxes(40, 60.0)
ns = torch.rand(40, generator=g)
logits = torch.randn(3, 50, generator=g) * 3
targets = (torch.rand(3, 50, generator=g) < 0.2).float()

out = {
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "box_iou": {"a": a.tolist(), "b": b.tolist(), "iou": box_iou(a, b).tolist()},
    "nms": {"boxes": nb.tolist(), "scores": ns.tolist(), "iou_threshold": 0.4,
            "keep": nms(nb, ns, 0.4).tolist()},
    "focal": {"logits": logits.tolist(), "targets": targets.tolist(), "alpha": 0.25, "gamma": 2.0,
              "sum": sigmoid_focal_loss(logits, targets, 0.25, 2.0, reduction="sum").item()},
}
print(json.dumps(out))
