#!/usr/bin/env python3
"""PyTorch reference for bench/train.bench.ts: trains the fixed small CNN of bench/README.md
(conv3x3-16 -> relu -> maxpool2 -> conv3x3-32 -> relu -> maxpool2 -> dense 10; 28x28x1 input,
batch 64, SGD momentum 0.9, softmax cross-entropy) on fixed random batches and prints its
training images/sec as JSON on stdout, for 1 and 2 intra-op threads: the best and the median of
several short timing windows (the best window is the least disturbed by other processes).

Usage: python3 bench/train_torch.py [--seconds 2] [--windows 4] [--batch 64]
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


def make_trainer(batch: int):
    """A training-step function over fixed random batches, warmed up."""
    torch.manual_seed(0)
    net = make_net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(torch.rand(batch, 1, 28, 28), torch.randint(0, 10, (batch,))) for _ in range(8)]
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


def measure(threads: int, seconds: float, batch: int, windows: int) -> dict:
    torch.set_num_threads(threads)
    step = make_trainer(batch)
    rates = sorted(window(step, seconds, batch) for _ in range(windows))
    return {"best": rates[-1], "median": rates[len(rates) // 2]}


def serve(batch: int) -> None:
    trainers = {}
    print(json.dumps({"ready": True, "torchVersion": torch.__version__}), flush=True)
    for line in sys.stdin:
        threads, seconds = line.split()
        torch.set_num_threads(int(threads))
        if threads not in trainers:
            trainers[threads] = make_trainer(batch)
        print(json.dumps({"imagesPerSec": window(trainers[threads], float(seconds), batch)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one timing window")
    parser.add_argument("--windows", type=int, default=4, help="timing windows; best and median are reported")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve(args.batch)
        return
    one = measure(1, args.seconds, args.batch, args.windows)
    two = measure(2, args.seconds, args.batch, args.windows)
    print(json.dumps({
        "torchVersion": torch.__version__,
        "batch": args.batch,
        "threads1": one["best"],
        "threads1Median": one["median"],
        "threads2": two["best"],
        "threads2Median": two["median"],
    }))


if __name__ == "__main__":
    main()
