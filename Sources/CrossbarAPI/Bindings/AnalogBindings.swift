import Analog
import Display
import SwiftScript

/// Cell names for analog tiles and device presets: `AnalogTile`, `Preset`, `plotResponse`.
enum AnalogBindings {
    static func register(in registry: ScriptRegistry) {
        registry.register(tileType())
        registry.register(presetType())
        registry.register(configType())
        registry.register(ioType())
        registerDevices(in: registry)
        for preset in IOParameters.presets { registry.implicitMember(preset.name, doc: preset.doc) }
        registerConfigMembers(in: registry)
        registry.function("plotResponse", Signature("device:", "pulses: = 1000", "devices: = 5", "seed: = 0"), doc: """
            A device preset's response: the weight of several freshly drawn devices against pulse number, \
            `pulses` up then `pulses` down (AIHWKit's plot_device). `plotResponse(device: Preset.reRamES, pulses: 500)`
            """) { a in
            try (a("device", for: "plotResponse(device:)") as DevicePreset)
                .responseFigure(pulses: a.int("pulses"), devices: a.int("devices"), seed: a.seed())
        }
    }

    static func tileType() -> ToolkitType<AnalogTile> {
        let t = ToolkitType<AnalogTile>(doc: """
            A crossbar tile computing y = W·x with the non-idealities of its DAC, ADC and noise, as in \
            AIHWKit 1.2.0 (defaults: 7-bit DAC on ±1, 9-bit ADC on ±12, output noise 0.06, abs-max noise \
            management, iterative bound management). `rows` outputs, `cols` inputs.

                let tile = AnalogTile(rows: 64, cols: 128, seed: 1)      // io: .default, .standard, .standardHWA, …
                tile.weights = randomWeights          // [[Double]], rows × cols
                tile.forward(x)                       // x: [Double] (one input) or [[Double]] (a batch)
                tile.mvmError(samples: 100)           // mean ‖y − W·x‖ / ‖W·x‖ over random inputs
                tile.outNoise = 0.1; tile.inpBits = 8; tile.outBits = 10; tile.perfect = true
            """)
        t.initializer(Signature("rows:", "cols:", "config: = nil", "io: = nil", "seed: = 0")) { a in
            var config = try (a("config") as TileConfig?) ?? TileConfig(forward: IOParameters())
            if let io: IOParameters = try a("io") { config.forward = io }
            return try AnalogTile(rows: a.int("rows"), cols: a.int("cols"), config: config, seed: a.seed())
        }
        t.property("config", \.config, doc: "The tile's config (IO, update rule, inference noise, clipping and remapping) as a table.")
        t.method("backward", Signature("_ the errors"), doc: """
            The transposed analog MVM of backpropagation through the backward IO: errors d (rows values, or a \
            batch) in, dᵀ·W (cols values) out.
            """) { tile, a in try tile.backward(a("the errors")).cellValue(like: a["the errors"]) }
        t.action("useMixedPrecision", Signature("_ preset", "seed: = 0"), doc: """
            Trains with mixed precision: updates accumulate exactly in a digital matrix χ, and whole device \
            steps are pulsed into the preset's devices.
            """) { tile, a in
            let preset: DevicePreset = try a("preset", for: "useMixedPrecision")
            try tile.useMixedPrecision(preset.parameters, update: UpdateParameters(), seed: a.seed())
        }
        t.property("accumulator", \.mixedPrecisionAccumulator, doc: "Mixed precision's digital accumulator χ (nil without mixed precision).")
        t.property("unitCellWeights", \.unitCellWeights, doc: """
            Each device's weights of a tile with several devices per weight (.multiDevice), rows × cols each; \
            the tile's weight is their average. nil for other tiles.
            """)
        t.property("rows", \.rows, doc: "Outputs of the tile.")
        t.property("cols", \.cols, doc: "Inputs of the tile.")
        t.property("exactWeights", \.logicalWeights, doc: "The ground truth: the weights the tile stands for, exactly, rows × cols.")
        t.settable("weights", doc: """
            The weights as the tile can report them, rows × cols: one read of every input line through the IO, so \
            with its noise, converters, programming and drift (exactWeights is the ground truth). Setting them \
            programs them exactly.
            """, get: { try $0.readBackWeights() }, set: { tile, w in try tile.setWeights(w) })
        registerIOProperties(t)
        t.method("forward", Signature("_ the input"), doc: "The analog MVM of one input ([Double], cols long) or a batch ([[Double]]).") { tile, a in
            try tile.forward(a("the input")).cellValue(like: a["the input"])
        }
        t.action("program", Signature("compensateDrift: = true"), doc: """
            Programs the weights into devices with the config's inference noise model (PCM-like by default: \
            conductance pairs, programming noise, a drift exponent per device). With compensateDrift \
            (default), outputs are rescaled by global drift compensation.
            """) { tile, a in try tile.program(compensateDrift: a.bool("compensateDrift")) }
        t.action("drift", Signature("to:"), doc: "Lets the programmed conductances drift to `to` seconds after programming (PCM: power-law drift and 1/f read noise).") { tile, a in
            try tile.drift(to: a.double("to"))
        }
        t.property("driftCompensation", \.driftCompensation, doc: "The global drift compensation factor applied to outputs (1 when off).")
        t.method("driftStudy", Signature("times:", "samples: = 100", "compensateDrift: = true"), doc: """
            Programs the tile, then for each time (seconds after programming) drifts it and measures the \
            MVM error: a Table of time, error (%) and the drift compensation factor. Plot it with \
            `.plot(x: "time", y: "error", xscale: .log)`.
            """) { tile, a in
            try tile.driftStudy(times: a.doubles("times"), samples: a.int("samples"), compensateDrift: a.bool("compensateDrift")) { _ in
                try a.poll()
            }
        }
        t.action("useDevices", Signature("_ preset", "seed: = 0"), doc: """
            Gives every weight its own pulsed device of a preset's type (each drawn with its own spread), \
            so that `update` trains the tile with pulses: `tile.useDevices(Preset.reRamES)`.
            """) { tile, a in try tile.useDevices((a("preset", for: "useDevices") as DevicePreset).parameters, seed: a.seed()) }
        t.method("plot", Signature("title: = nil"), doc: "A heatmap of the tile's weights (as reads see them after programming and drift).") { tile, a in
            try tile.weightsFigure(title: a("title"))
        }
        t.method("plotErrors", Signature("samples: = 200"), doc: """
            A histogram of the read errors y − W·x over every output of `samples` random inputs (uniform in ±1).
            """) { tile, a in try tile.errorHistogram(samples: a.int("samples")) }
        t.method("plotConductances", Signature(), doc: """
            Heatmaps of the programmed conductance pairs (g⁺ and g⁻, µS) after program(), side by side.
            """) { tile, _ in try tile.conductanceFigure() }
        t.action("useTikiTaka", Signature("_ preset", "transferEvery: = 1.0", "seed: = 0"), doc: """
            Trains with Tiki-Taka: gradient pulses go to a fast array A of the preset's devices, and every \
            `transferEvery` mini-batch one column of A is read and pulsed into C, the tile's weights.
            """) { tile, a in
            try tile.useTikiTaka((a("preset", for: "useTikiTaka") as DevicePreset).parameters,
                                 transferEvery: a.float("transferEvery"), seed: a.seed())
        }
        t.property("fastWeights", \.fastWeights, doc: "Tiki-Taka's fast array A (nil without Tiki-Taka).")
        t.property("outputScales", \.outputScales, doc: """
            The digital per-output scales of weight remapping (the tile's weights are the analog weights times these); \
            nil without remapping.
            """)
        t.property("readsPerSample", \.readsPerSample, doc: """
            How many reads the last forward or backward call needed per sample (iterative bound management repeats \
            reads whose outputs saturated); 1 for a single read.
            """)
        t.action("useOneSidedPairs", Signature("_ preset", "seed: = 0"), doc: """
            Gives every weight a pair of one-sided devices of the preset, w = g⁺ − g⁻, refreshed when one saturates \
            (AIHWKit's OneSidedUnitCell, as PCMPreset uses).
            """) { tile, a in try tile.useOneSidedPairs((a("preset", for: "useOneSidedPairs") as DevicePreset).parameters, seed: a.seed()) }
        t.action("update", Signature("x:", "d:", "lr:"), doc: """
            One SGD update W ← W − lr·d·xᵀ: exact (then clipped and remapped as the config says) on inference \
            tiles, as stochastic pulse trains stepping the devices on tiles with devices (in expectation), \
            through Tiki-Taka's fast array, or through mixed precision's accumulator. x has cols values (or a \
            batch of rows), d has rows values (or the same batch).
            """) { tile, a in try tile.update(x: a("x"), d: a("d"), lr: a.float("lr")) }
        t.method("mvmError", Signature("samples: = 100"), doc: """
            The mean relative error ‖y − W·x‖ / ‖W·x‖ of the tile's reads over random inputs, uniform in ±1.
            """) { tile, a in try tile.mvmError(samples: a.int("samples")) }
        return t
    }

    static func presetType() -> ToolkitType<DevicePreset> {
        let t = ToolkitType<DevicePreset>(doc: """
            The device presets of AIHWKit 1.2.0 with their numbers: `Preset.all` lists every preset (devices and \
            tile configs, one line each), `Preset.devices` compares the devices; each device preset shows its \
            parameters as a table and plots its response to pulses.

                Preset.all
                Preset.devices
                Preset.reRamES
                Preset.reRamES.plotResponse()                 // 1000 up then 1000 down pulses, 5 devices
                Preset.reramES                                // the same preset (either spelling of "Ram")
                Preset.pcm.plotResponse(pulses: 300, devices: 3)
                Preset.capacitor.response(pulses: 100)        // one device's weights, pulse by pulse
            """)
        for p in DevicePreset.all {
            t.constant(p.name, p)
            // The all-lowercase "ram" spelling (Preset.reramES, Preset.ecram) names the same preset.
            let alias = p.name.replacingOccurrences(of: "Ram", with: "ram")
            if alias != p.name { t.constant(alias, p) }
        }
        t.constant("all", (try? DevicePreset.catalogTable()).map { Value.rich($0.mimeBundle) } ?? .null)
        t.constant("devices", (try? DevicePreset.overviewTable()).map { Value.rich($0.mimeBundle) } ?? .null)
        t.property("name", \.name, doc: "The preset's name.")
        t.property("summary", \.summary, doc: "One line about the device.")
        t.property("table", doc: "The preset's parameters as a Table.") { try $0.parameterTable() }
        t.method("response", Signature("pulses: = 1000", "seed: = 0"), doc: """
            One device's weight after each of `pulses` up then `pulses` down pulses.
            """) { preset, a in
            let n = try a.int("pulses")
            return try preset.response(up: n, down: n, devices: 1, seed: a.seed()).first ?? []
        }
        registerPresetWith(t)
        for name in ["plotResponse", "plot"] {
            t.method(name, Signature("pulses: = 1000", "devices: = 5", "seed: = 0"), doc: """
                The weight of several devices against pulse number: `pulses` up, then `pulses` down.
                """) { preset, a in try preset.responseFigure(pulses: a.int("pulses"), devices: a.int("devices"), seed: a.seed()) }
        }
        return t
    }
}
