"""PyTorch reference for the GPU bench: the zoo's models (torch_zoo.py) trained on the same digits with the same loop
shape as the app's train(): bytes to floats on the device per batch, Adam 1e-3, cross-entropy, the loss read back
every REPORT_EVERY steps. Eager mode (no torch.compile). Samples/s over the steps after a warm-up.

Modes: cuda-fp32 (TF32 off for matmul and cuDNN: the same float32 arithmetic as WebGPU), cpu (every core).
Usage: python3 torch_bench.py DIGITS_BIN   (N*784 pixel bytes, then N label bytes)
Env: OUT (appends to $OUT/torch.jsonl), QUICK=1 (small sizes), MODELS, BATCHES, MODES, SECONDS (per configuration,
default 3), REPORT_EVERY (10), TRAIN_COUNT (8192), CPU_THREADS (all cores), BUDGET_S (default 90: configurations past
it are reported as skipped). Works with torch 1.13 (Debian's, CPU only) and 2.x with CUDA.
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_zoo import build  # noqa: E402  (beside this file, in the folder and in scripts/bench/)

T0 = time.time()
ENV = os.environ
QUICK = ENV.get("QUICK") == "1"  # run.sh's local mode: small sizes, as in the WebGPU bench
SECONDS = float(ENV.get("SECONDS", "1" if QUICK else "3"))
BATCHES = [int(b) for b in ENV.get("BATCHES", "8" if QUICK else "64,256").split(",") if b]
MODELS = [m for m in ENV.get("MODELS", "mlp,cnn_model,small-cnn,separable-cnn").split(",") if m]
MODES = [m for m in ENV.get("MODES", "cuda-fp32,cpu").split(",") if m]
REPORT_EVERY = int(ENV.get("REPORT_EVERY", "2" if QUICK else "10"))
TRAIN_COUNT = int(ENV.get("TRAIN_COUNT", "32" if QUICK else "8192"))
CPU_THREADS = int(ENV.get("CPU_THREADS", "0")) or os.cpu_count() or 1
BUDGET = float(ENV.get("BUDGET_S", "90"))
LR = 1e-3
JSONL = os.path.join(ENV["OUT"], "torch.jsonl") if ENV.get("OUT") else None


def emit(obj):
    obj["t"] = round(time.time() - T0, 1)
    line = json.dumps(obj)
    print(line, flush=True)
    if JSONL:
        with open(JSONL, "a") as f:
            f.write(line + "\n")


def use_ieee_fp32():
    """TF32 off for matmul and cuDNN convolutions: the new fp32_precision switches where they exist (2.9+), else the old flags."""
    if hasattr(torch.backends, "fp32_precision"):
        torch.backends.cuda.matmul.fp32_precision = "ieee"
        torch.backends.cudnn.conv.fp32_precision = "ieee"
        return {"api": "fp32_precision", "matmul": torch.backends.cuda.matmul.fp32_precision, "cudnn.conv": torch.backends.cudnn.conv.fp32_precision}
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return {"api": "allow_tf32", "matmul": torch.backends.cuda.matmul.allow_tf32, "cudnn": torch.backends.cudnn.allow_tf32}


def measure(pixels, labels, model_id, batch, device, seconds):
    count = labels.shape[0] - labels.shape[0] % batch
    torch.manual_seed(1)
    model = build(model_id).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    cuda = device.type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    state = {"at": 0, "loss": torch.zeros((), device=device)}

    def window():
        """REPORT_EVERY steps, then one read of their summed loss (train() reads its running loss the same way)."""
        for _ in range(REPORT_EVERY):
            start = (state["at"] * batch) % count
            state["at"] += 1
            x = torch.from_numpy(pixels[start:start + batch]).to(device, non_blocking=True).float().div_(255)
            y = torch.from_numpy(labels[start:start + batch]).to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            state["loss"] = state["loss"] + loss.detach()
        value = state["loss"].item() / REPORT_EVERY
        state["loss"] = torch.zeros((), device=device)
        return value

    warm_started = time.perf_counter()
    losses = [window()]
    sync()
    warmup_s = time.perf_counter() - warm_started
    started = time.perf_counter()
    windows = 0
    while windows < 2 or time.perf_counter() - started < seconds:
        losses.append(window())
        windows += 1
    sync()
    elapsed = time.perf_counter() - started
    steps = windows * REPORT_EVERY
    return {
        "samplesPerSec": round(steps * batch / elapsed, 1), "steps": steps, "seconds": round(elapsed, 3), "stepMs": round(elapsed * 1000 / steps, 3),
        "warmupSeconds": round(warmup_s, 3), "params": sum(p.numel() for p in model.parameters()), "lossFirst": round(losses[0], 4), "lossLast": round(losses[-1], 4),
    }


def main():
    raw = np.fromfile(sys.argv[1], dtype=np.uint8)
    n = raw.size // 785
    take = min(n, TRAIN_COUNT)
    pixels = np.ascontiguousarray(raw[:n * 784].reshape(n, 1, 28, 28)[:take])
    labels = raw[n * 784:n * 785].astype(np.int64)[:take]
    cuda_ok = torch.cuda.is_available()
    info = {"kind": "env", "torch": torch.__version__, "python": sys.version.split()[0], "cuda": cuda_ok, "digits": int(take), "cpus": os.cpu_count(),
            "cpuThreads": CPU_THREADS, "reportEvery": REPORT_EVERY, "optimizer": "adam %g" % LR}
    if cuda_ok:
        info.update(device=torch.cuda.get_device_name(0), cudaVersion=torch.version.cuda, cudnn=torch.backends.cudnn.version())
    emit(info)
    configs = [(mode, m, b) for mode in MODES for m in MODELS for b in BATCHES]
    for i, (mode, model_id, batch) in enumerate(configs):
        head = {"kind": "train", "impl": "pytorch", "mode": mode, "model": model_id, "batch": batch}
        left = BUDGET - (time.time() - T0)
        if mode.startswith("cuda") and not cuda_ok:
            emit(dict(head, skipped="no CUDA"))
            continue
        if left < 2:
            emit(dict(head, skipped="time budget"))
            continue
        extra = {}
        if mode.startswith("cuda"):
            extra["tf32"] = use_ieee_fp32()
            device = torch.device("cuda")
        else:
            torch.set_num_threads(CPU_THREADS)
            extra["threads"] = torch.get_num_threads()
            device = torch.device("cpu")
        seconds = max(0.5, min(SECONDS, left / (len(configs) - i) - 1))
        try:
            emit(dict(head, **measure(pixels, labels, model_id, batch, device, seconds), **extra))
        except Exception as e:  # one failing configuration must not cost the others
            emit(dict(head, error=repr(e)[:500]))
    emit({"kind": "done", "seconds": round(time.time() - T0, 1)})


if __name__ == "__main__":
    main()
