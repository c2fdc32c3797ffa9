"""AIHWKit's side of `make bench-analog`: forward reads of 256², 512² and 1024² tiles (batch 100,
InferenceRPUConfig with its default IO, and StandardHWATrainingPreset's IO) and the pulsed update of a
512² tile (batch 100, lr 0.01) on ConstantStep-like presets, timed with AIHWKit's CPU simulator on the
same problem as Sources/BenchAnalog/main.swift. Prints a note and exits 0 where aihwkit cannot be
imported."""
import sys
import time

try:
    import torch
    import aihwkit
    from aihwkit.simulator.configs import InferenceRPUConfig, SingleRPUConfig
    from aihwkit.simulator.configs.utils import BoundManagementType
    from aihwkit.simulator.presets import StandardHWATrainingPreset, GokmenVlasovPreset, IdealizedPreset, ReRamESPreset
    from aihwkit.simulator.tiles import AnalogTile
except ImportError as error:
    print(f"AIHWKit is not installed here ({error}); no AIHWKit figures for bench-analog.")
    sys.exit(0)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def timed(f, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return median(times)


torch.manual_seed(1)
torch.set_num_threads(2)
REPEATS = 21
print(f"AIHWKit {aihwkit.__version__}, torch {torch.__version__}, batch 100, median of {REPEATS} runs")
print("| tile | config | forward ms | forward samples/s |")
print("|---:|---|---:|---:|")
for n in (256, 512, 1024):
    w = torch.clamp(torch.randn(n, n) * 0.3, -1, 1)
    x = torch.clamp(torch.randn(100, n), -1, 1)
    single = InferenceRPUConfig()
    single.forward.bound_management = BoundManagementType.NONE
    for name, config in [("InferenceRPUConfig", InferenceRPUConfig()), ("default IO, BM none", single),
                         ("StandardHWA IO", StandardHWATrainingPreset())]:
        tile = AnalogTile(n, n, rpu_config=config)
        tile.set_weights(w)
        tile.eval()
        with torch.no_grad():
            tile.forward(x)
            t = timed(lambda: tile.forward(x), REPEATS)
        print(f"| {n}² | {name} | {t * 1000:.3f} | {100 / t:.0f} |")

print()
print("| device | pulsed update ms | samples/s |")
print("|---|---:|---:|")
for name, config in [("idealized", IdealizedPreset()), ("gokmenVlasov", GokmenVlasovPreset()), ("reRamES", ReRamESPreset())]:
    tile = AnalogTile(512, 512, rpu_config=config)
    tile.set_learning_rate(0.01)
    x = torch.rand(100, 512) * 2 - 1
    d = torch.randn(100, 512) * 0.1
    t = timed(lambda: tile.update(x, d), 5)
    print(f"| {name} | {t * 1000:.2f} | {100 / t:.0f} |")
