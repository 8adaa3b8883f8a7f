"""PyTorch reference for scripts/bench/20-train.mjs: the zoo's MLP and cnn_model, same batch size, same digits.

Usage: /usr/bin/python3 20-train-torch.py DATA_FILE MODEL BATCH SECONDS
DATA_FILE holds N*784 pixel bytes then N label bytes. Prints one JSON line: samples/s, steps, threads.
The loop matches the tfjs one: bytes become floats per batch, Adam 1e-3, cross-entropy, one step per batch.
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

from torch_zoo import build


def main():
    path, model_id, batch, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    raw = np.fromfile(path, dtype=np.uint8)
    count = raw.size // 785
    pixels = raw[: count * 784].reshape(count, 1, 28, 28)
    labels = raw[count * 784 :].astype(np.int64)
    # Debian's build starts with 1 thread here; on a shared machine more threads can be slower. Measure 1 thread and
    # every core, and report the faster, so the ratio is against PyTorch at its best.
    results = [measure(pixels, labels, model_id, batch, seconds, threads) for threads in sorted({1, os.cpu_count() or 1})]
    best = max(results, key=lambda r: r["samplesPerSecond"])
    best["byThreads"] = {r["threads"]: round(r["samplesPerSecond"], 1) for r in results}
    print(json.dumps(best))


def measure(pixels, labels, model_id, batch, seconds, threads):
    count = labels.size
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build(model_id)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    at = 0

    def step():
        nonlocal at
        start = (at * batch) % (count - batch)
        at += 1
        x = torch.from_numpy(pixels[start : start + batch]).float().div_(255)
        y = torch.from_numpy(labels[start : start + batch])
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    step()
    steps, started = 0, time.perf_counter()
    while steps < 2 or time.perf_counter() - started < seconds:
        loss = step()
        steps += 1
    elapsed = time.perf_counter() - started
    return {"samplesPerSecond": steps * batch / elapsed, "steps": steps, "finalLoss": loss,
            "threads": torch.get_num_threads(), "params": params, "torch": torch.__version__}


if __name__ == "__main__":
    main()
