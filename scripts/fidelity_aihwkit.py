#!/usr/bin/env python3
"""AIHWKit's side of docs/fidelity.md: the same problem as `.build/release/fidelity` (512x512 weights
N(0, 0.3^2) clipped to +-1, 100 inputs N(0, 1) clipped to +-1, set_weights, eval mode, mean of 5 fresh
tiles), with InferenceRPUConfig and the StandardHWATrainingPreset, after programming and drift.
Prints the table when aihwkit (1.2.0) and torch are importable, and says so when they are not."""
import sys

try:
    import torch
    from aihwkit.nn import AnalogLinear
    from aihwkit.simulator.configs import InferenceRPUConfig
    from aihwkit.simulator.presets import StandardHWATrainingPreset
    import aihwkit
except ImportError:
    print("fidelity_aihwkit: aihwkit is not installed here; AIHWKit's column of docs/fidelity.md "
          "cannot be computed (install aihwkit 1.2.0 and torch, then run `make fidelity`).")
    sys.exit(0)

TIMES = [("t = 0", 0.0), ("1 h", 3600.0), ("1 day", 86400.0), ("1 year", 31536000.0)]


def relative_error(config) -> list[float]:
    torch.manual_seed(2023)
    w = torch.clamp(torch.randn(512, 512) * 0.3, -1, 1)
    x = torch.clamp(torch.randn(100, 512), -1, 1)
    ideal = x @ w.T
    errors = []
    for _, t in TIMES:
        total = 0.0
        for _ in range(5):
            layer = AnalogLinear(512, 512, bias=False, rpu_config=config)
            layer.set_weights(w)
            layer.eval()
            layer.program_analog_weights()
            layer.drift_analog_weights(t)
            with torch.no_grad():
                y = layer(x)
            total += float(torch.norm(y - ideal) / torch.norm(ideal))
        errors.append(100 * total / 5)
    return errors


print(f"AIHWKit {aihwkit.__version__}, torch {torch.__version__}")
print("| configuration | " + " | ".join(name for name, _ in TIMES) + " |")
for name, config in [("InferenceRPUConfig() defaults", InferenceRPUConfig()),
                     ("StandardHWATrainingPreset", StandardHWATrainingPreset())]:
    print(f"| {name} | " + " | ".join(f"{e:.1f} %" for e in relative_error(config)) + " |")
