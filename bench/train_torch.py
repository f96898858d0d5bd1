#!/usr/bin/env python3
"""PyTorch reference for bench/train.bench.ts: trains the fixed small CNN of bench/README.md
(conv3x3-16 -> relu -> maxpool2 -> conv3x3-32 -> relu -> maxpool2 -> dense 10; 28x28x1 input,
batch 64, SGD momentum 0.9, softmax cross-entropy) -- or, with --net mbconv, the MBConv network
of bench/mbconv-net.ts (32x32x3 input, batch 32) -- on fixed random batches and prints its
training images/sec as JSON on stdout, for 1 and 2 intra-op threads: the best and the median of
several short timing windows (the best window is the least disturbed by other processes).

Usage: python3 bench/train_torch.py [--seconds 2] [--windows 4] [--batch 64] [--net cnn|mbconv]
       python3 bench/train_torch.py --serve   # one window per stdin line "<threads> <seconds>"

--serve lets the TypeScript bench interleave its own timing windows with PyTorch's, so both see
the same load on a shared machine.
"""
import argparse
import json
import sys
import time

import torch
from torch import nn


def make_net() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 10),
    )


def bn(channels: int) -> nn.Module:
    # Keras defaults, as in the IR: epsilon 1e-3, moving-average momentum 0.99
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


class MBConv(nn.Module):
    """1x1 expand + BN + swish -> depthwise kxk + BN + swish -> SE (0.25 of the input channels)
    -> 1x1 project + BN, residual when shapes agree (bench/mbconv-net.ts via mbConv())."""

    def __init__(self, cin: int, kernel: int, expand: int, cout: int, stride: int):
        super().__init__()
        mid = cin * expand
        squeezed = max(1, int(cin * 0.25))
        self.expand = nn.Sequential(nn.Conv2d(cin, mid, 1, bias=False), bn(mid), nn.SiLU())
        self.dw = nn.Sequential(nn.Conv2d(mid, mid, kernel, stride, padding=(kernel - 1) // 2, groups=mid, bias=False), bn(mid), nn.SiLU())
        self.se = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(mid, squeezed, 1), nn.SiLU(), nn.Conv2d(squeezed, mid, 1), nn.Sigmoid())
        self.project = nn.Sequential(nn.Conv2d(mid, cout, 1, bias=False), bn(cout))
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        h = self.dw(self.expand(x))
        h = self.project(h * self.se(h))
        return h + x if self.residual else h


def make_mbconv_net() -> nn.Module:
    blocks = [(3, 6, 24, 2), (5, 6, 24, 1), (3, 6, 40, 2), (5, 6, 40, 1)]
    layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), bn(16), nn.SiLU()]
    cin = 16
    for kernel, expand, cout, stride in blocks:
        layers.append(MBConv(cin, kernel, expand, cout, stride))
        cin = cout
    layers += [nn.Conv2d(cin, 128, 1, bias=False), bn(128), nn.SiLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10)]
    return nn.Sequential(*layers)


NETS = {"cnn": (make_net, (1, 28, 28)), "mbconv": (make_mbconv_net, (3, 32, 32))}


def make_trainer(batch: int, net_name: str = "cnn"):
    """A training-step function over fixed random batches, warmed up."""
    torch.manual_seed(0)
    make, shape = NETS[net_name]
    net = make()
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(torch.rand(batch, *shape), torch.randint(0, 10, (batch,))) for _ in range(8)]
    count = [0]

    def step() -> None:
        x, y = batches[count[0] % len(batches)]
        count[0] += 1
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    return step


def window(step, seconds: float, batch: int) -> float:
    """images/s over one window of about `seconds` (at least one step)."""
    done = 0
    start = time.perf_counter()
    while True:
        step()
        done += 1
        if time.perf_counter() - start >= seconds:
            break
    return done * batch / (time.perf_counter() - start)


def measure(threads: int, seconds: float, batch: int, windows: int, net_name: str) -> dict:
    torch.set_num_threads(threads)
    step = make_trainer(batch, net_name)
    rates = sorted(window(step, seconds, batch) for _ in range(windows))
    return {"best": rates[-1], "median": rates[len(rates) // 2]}


def serve(batch: int, net_name: str) -> None:
    trainers = {}
    print(json.dumps({"ready": True, "torchVersion": torch.__version__}), flush=True)
    for line in sys.stdin:
        threads, seconds = line.split()
        torch.set_num_threads(int(threads))
        if threads not in trainers:
            trainers[threads] = make_trainer(batch, net_name)
        print(json.dumps({"imagesPerSec": window(trainers[threads], float(seconds), batch)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one timing window")
    parser.add_argument("--windows", type=int, default=4, help="timing windows; best and median are reported")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--net", choices=sorted(NETS), default="cnn")
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve(args.batch, args.net)
        return
    one = measure(1, args.seconds, args.batch, args.windows, args.net)
    two = measure(2, args.seconds, args.batch, args.windows, args.net)
    print(json.dumps({
        "torchVersion": torch.__version__,
        "net": args.net,
        "batch": args.batch,
        "threads1": one["best"],
        "threads1Median": one["median"],
        "threads2": two["best"],
        "threads2Median": two["median"],
    }))


if __name__ == "__main__":
    main()
