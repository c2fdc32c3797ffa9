#!/usr/bin/env python3
"""AIHWKit's side of docs/fidelity.md: the same problem as `.build/release/fidelity` (512x512 weights
N(0, 0.3^2) clipped to +-1, 100 inputs N(0, 1) clipped to +-1, set_weights, eval mode, mean of 5 fresh
layers), after programming and drift, for the inference configs and the device presets. Prints the
table when aihwkit (1.2.0) and torch are importable (`make aihwkit` installs them in .venv-aihwkit), and
says so when they are not."""
import sys

try:
    import torch
    from aihwkit.nn import AnalogLinear
    from aihwkit.simulator.configs import InferenceRPUConfig
    from aihwkit.simulator.presets import StandardHWATrainingPreset
    from aihwkit.simulator import presets
    from aihwkit.inference.noise.reram import ReRamCMONoiseModel, ReRamWan2022NoiseModel
    import aihwkit
except ImportError:
    print("fidelity_aihwkit: aihwkit is not installed here; AIHWKit's column of docs/fidelity.md "
          "cannot be computed (run `make aihwkit`, then `make fidelity`).")
    sys.exit(0)

TIMES = [("t = 0", 0.0), ("1 h", 3600.0), ("1 day", 86400.0), ("1 year", 31536000.0)]


def relative_errors(config, programs=True, times=TIMES):
    torch.manual_seed(2023)
    w = torch.clamp(torch.randn(512, 512) * 0.3, -1, 1)
    x = torch.clamp(torch.randn(100, 512), -1, 1)
    ideal = x @ w.T
    errors = []
    for _, t in times:
        total = 0.0
        try:
            for _ in range(5):
                layer = AnalogLinear(512, 512, bias=False, rpu_config=config)
                layer.set_weights(w)
                layer.eval()
                if programs:
                    layer.program_analog_weights()
                    layer.drift_analog_weights(t)
                with torch.no_grad():
                    y = layer(x)
                total += float(torch.norm(y - ideal) / torch.norm(ideal))
            errors.append(f"{100 * total / 5:.1f} %")
        except Exception:  # the Wan 2022 model refuses times it has no measurement for
            errors.append("—")
    return errors


def inference(noise):
    config = InferenceRPUConfig()
    config.noise_model = noise
    return config


print(f"AIHWKit {aihwkit.__version__}, torch {torch.__version__}")
print("| configuration | " + " | ".join(name for name, _ in TIMES) + " |")
print("|---|" + "---:|" * len(TIMES))
rows = [
    ("InferenceRPUConfig() defaults", InferenceRPUConfig(), True, TIMES),
    ("StandardHWATrainingPreset", StandardHWATrainingPreset(), True, TIMES),
    ("InferenceRPUConfig with ReRamCMONoiseModel", inference(ReRamCMONoiseModel()), True, TIMES),
    ("InferenceRPUConfig with ReRamWan2022NoiseModel (t = 0 read at 1 s)", inference(ReRamWan2022NoiseModel()), True,
     [("1 s", 1.0), ("1 h", 3600.0), ("1 day", 86400.0), ("1 year", 31536000.0)]),
]
for name in ["ReRamESPreset", "ReRamSBPreset", "CapacitorPreset", "EcRamPreset", "EcRamMOPreset", "IdealizedPreset",
             "GokmenVlasovPreset", "PCMPreset"] + [stem + n + "Preset" for stem in
                                                   ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized"]
                                                   for n in ["2", "4"]]:
    rows.append((name + " (set_weights, no programming)", getattr(presets, name)(), False, TIMES))
for name, config, programs, times in rows:
    print(f"| {name} | " + " | ".join(relative_errors(config, programs, times)) + " |")
