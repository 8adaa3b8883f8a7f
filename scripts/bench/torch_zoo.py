"""The zoo's models (src/core/zoo.ts) in PyTorch, channels-first, for the benches' PyTorch references.

Keras 'same' padding is padding=1 for a 3×3 kernel (for stride 2 TensorFlow pads one pixel after, PyTorch one on
each side: the same output size and the same work). A separable convolution is a depthwise 3×3 without bias and a
pointwise 1×1 with bias, as Keras builds it. Used by scripts/bench/20-train-torch.py and the GPU bench's torch_bench.py.
"""
from torch import nn


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def cnn_model():
    # Keras 'same' for the first conv of each block (padding=1), 'valid' for the second, as in the zoo spec.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10),
    )


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
    )


def separable(cin, cout, stride):
    return [nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False), nn.Conv2d(cin, cout, 1), nn.ReLU()]


def separable_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(), *separable(16, 32, 1), *separable(32, 64, 2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10),
    )


ZOO = {"mlp": mlp, "cnn_model": cnn_model, "small-cnn": small_cnn, "separable-cnn": separable_cnn}


def build(model_id):
    if model_id not in ZOO:
        raise ValueError("no zoo model %r in torch_zoo.py (there are: %s)" % (model_id, ", ".join(ZOO)))
    return ZOO[model_id]()
