"""AIHWKit's side of `make bench-training`: the same models, batch and epoch as
Sources/BenchTraining/main.swift, timed with AIHWKit's CPU simulator. Prints a note and exits 0
where aihwkit (and torch) cannot be imported."""
import sys
import time

try:
    import torch
    from torch import nn
    from aihwkit.nn import AnalogConv2d, AnalogLinear, AnalogSequential
    from aihwkit.optim import AnalogSGD
    from aihwkit.simulator.presets import GokmenVlasovPreset, StandardHWATrainingPreset
    import aihwkit
except ImportError as error:
    print(f"AIHWKit is not installed here ({error}); no AIHWKit figures. "
          "Install aihwkit 1.2.0 and torch, then run this script again.")
    sys.exit(0)


def cnn(config):
    if config is None:
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(128, 10))
    return AnalogSequential(AnalogConv2d(1, 4, 3, padding=1, rpu_config=config), nn.ReLU(), nn.MaxPool2d(2),
                            AnalogConv2d(4, 8, 3, padding=1, rpu_config=config), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Flatten(), AnalogLinear(128, 10, rpu_config=config))


def mlp(config):
    if config is None:
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    return AnalogSequential(AnalogLinear(784, 256, rpu_config=config), nn.ReLU(), AnalogLinear(256, 10, rpu_config=config))


def throughput(model, inputs, labels, batch=32):
    optimizer = AnalogSGD(model.parameters(), lr=0.01)
    loss = nn.CrossEntropyLoss()
    model.train()
    start = time.perf_counter()
    for i in range(0, len(inputs), batch):
        optimizer.zero_grad()
        out = model(inputs[i:i + batch])
        loss(out, labels[i:i + batch]).backward()
        optimizer.step()
    return len(inputs) / (time.perf_counter() - start)


torch.manual_seed(0)
torch.set_num_threads(2)
digits = torch.rand(2048, 1, 16, 16)
wide = torch.rand(1024, 784)
labels_d = torch.arange(2048) % 10
labels_w = torch.arange(1024) % 10
print(f"AIHWKit {aihwkit.__version__}, torch {torch.__version__}: one epoch, batch 32, samples/s")
print("| model | floating point | HWA (StandardHWATrainingPreset) | in-situ (GokmenVlasovPreset) |")
print("|---|---:|---:|---:|")
for name, build, x, y in [("notebook-02 CNN", cnn, digits, labels_d), ("MLP 784-256-10", mlp, wide, labels_w)]:
    rates = [throughput(build(c), x, y) for c in (None, StandardHWATrainingPreset(), GokmenVlasovPreset())]
    print(f"| {name} | {rates[0]:.0f} | {rates[1]:.0f} | {rates[2]:.0f} |")
