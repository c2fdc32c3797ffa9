import Analog
import Foundation
import Display
import SwiftScript

/// An analog tile as cells see it.
final class TileObject: ScriptObject {
    let tile: AnalogTile
    init(_ tile: AnalogTile) { self.tile = tile }
    var scriptTypeName: String { "AnalogTile" }
    func mimeBundle() -> MIMEBundle {
        MIMEBundle(plainText: "AnalogTile(\(tile.rows)×\(tile.cols), \(tile.config.name), IO: \(tile.forwardIO.summary))")
    }
}

/// A device preset as cells see it.
final class PresetObject: ScriptObject {
    let preset: DevicePreset
    init(_ preset: DevicePreset) { self.preset = preset }
    var scriptTypeName: String { "Preset" }
    func mimeBundle() -> MIMEBundle { (try? preset.parameterTable().mimeBundle) ?? MIMEBundle(plainText: preset.name) }
}

/// Cell-level names for the Analog module: `AnalogTile`, `Preset`.
enum AnalogBindings {
    static func register(in registry: ScriptRegistry) {
        registry.register(tileType())
        registry.register(presetType())
        registry.register(configType())
        for (name, doc) in ioPresets { registry.implicitMember(name, doc: doc) }
        registerConfigMembers(in: registry)
        registry.function("plotResponse", Signature("device:", "pulses:=", "devices:=", "seed:="),
                          defaults: [.int(1000), .int(5), .int(0)], doc: """
            A device preset's response: the weight of several freshly drawn devices against pulse number, \
            `pulses` up then `pulses` down (AIHWKit's plot_device). `plotResponse(device: Preset.reRamES, pulses: 500)`
            """) { a in
            try responseFigure(try preset(a[0], for: "plotResponse(device:)"), pulses: try a.int(1, "pulses"),
                               devices: try a.int(2, "devices"), seed: try a.int(3, "seed"))
        }
    }

    static let ioPresets: [(String, String)] = [
        ("default", "AIHWKit's IOParameters defaults: 7-bit DAC ±1, 9-bit ADC ±12, output noise 0.06."),
        ("preset", "AIHWKit's PresetIOParameters: 7-bit DAC, 9-bit ADC ±20, output noise 0.1."),
        ("standard", "AIHWKit's StandardIOParameters: 8-bit DAC and ADC, ADC ±10, output noise 0.04."),
        ("standardHWA", "The forward IO of StandardHWATrainingPreset: standard IO plus PCM read noise 0.0175 and IR drop 1."),
        ("perfect", "No non-idealities: an exact product."),
    ]

    static func ioPreset(_ v: Value) throws -> IOParameters {
        guard case .implicitMember(let name) = v else {
            throw ScriptCallError("io: takes .default, .preset, .standard, .standardHWA or .perfect")
        }
        switch name {
        case "default": return IOParameters()
        case "preset": return .preset
        case "standard": return .standard
        case "standardHWA": return .standardHWA
        case "perfect": return .perfect
        default: throw ScriptCallError("unknown IO preset .\(name); use .default, .preset, .standard, .standardHWA or .perfect")
        }
    }

    /// A matrix from `[[Double]]` (rows) or a row vector from `[Double]`.
    static func tensor(_ v: Value, _ what: String) throws -> Tensor {
        guard case .array(let items) = v else { throw ScriptCallError("\(what) must be an array of numbers or of rows") }
        func number(_ x: Value) throws -> Float {
            switch x {
            case .double(let d): return Float(d)
            case .int(let i): return Float(i)
            default: throw ScriptCallError("\(what) must hold numbers, not '\(x.typeName)'")
            }
        }
        do {
            if case .array? = items.first {
                let rows = try items.map { row -> [Float] in
                    guard case .array(let r) = row else { throw ScriptCallError("every row of \(what) must be an array") }
                    return try r.map(number)
                }
                return try Tensor(rows)
            }
            return try Tensor(vector: try items.map(number))
        } catch let e as TensorError {
            throw ScriptCallError(e.description)
        }
    }

    /// Whether a cell passed one vector ([Double]) rather than a batch ([[Double]]).
    static func isVector(_ v: Value) -> Bool {
        if case .array(let items) = v, case .array? = items.first { return false }
        return true
    }

    static func value(_ t: Tensor, asVector: Bool) -> Value {
        if asVector && t.rows == 1 { return .array(t.values.map { .double(shortest($0)) }) }
        return .array((0..<t.rows).map { r in .array((0..<t.cols).map { .double(shortest(t[r, $0])) }) })
    }

    /// The mean ‖y − W·x‖ / ‖W·x‖ of reads on `samples` random inputs uniform in ±1 (fixed inputs).
    /// Reads of `n` fixed random inputs (uniform in ±1, the same for every call) and the exact products.
    static func probe(_ tl: AnalogTile, samples n: Int) throws -> (y: Tensor, ideal: Tensor) {
        var rng = Philox(seed: 12_345)
        let x = try Tensor.uniform(rows: n, cols: tl.cols, lower: -1, upper: 1, rng: &rng)
        return (try tl.forward(x), try x.matmul(tl.logicalWeights, transposeOther: true))
    }

    static func meanRelativeError(_ tl: AnalogTile, samples n: Int) throws -> Float {
        try wrap {
            let (y, ideal) = try probe(tl, samples: n)
            var total: Float = 0
            var counted = 0
            for r in 0..<n {
                let yi = try Tensor(vector: try y.row(r)), ii = try Tensor(vector: try ideal.row(r))
                if ii.norm > 0 { total += try yi.relativeError(to: ii); counted += 1 }
            }
            guard counted > 0 else { throw ScriptCallError("the tile's weights are all zero: the relative error is undefined") }
            return total / Float(counted)
        }
    }

    /// A Float as the Double with the same shortest decimal form (0.06, not 0.05999999865889549).
    static func shortest(_ f: Float) -> Double { Double(String(describing: f)) ?? Double(f) }

    static func tile(_ o: ScriptObject) throws -> AnalogTile {
        guard let t = o as? TileObject else { throw ScriptCallError("expected an AnalogTile") }
        return t.tile
    }

    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TensorError { throw ScriptCallError(e.description) }
    }

    /// An IO property: get and set one field of the tile's forward IOParameters, validated.
    static func ioProperty(_ t: RegisteredType, _ name: String, doc: String, _ path: WritableKeyPath<IOParameters, Float>) {
        t.property(name, doc: doc, get: { o in .double(shortest(try tile(o).forwardIO[keyPath: path])) }, set: { o, v in
            let tl = try tile(o)
            var io = tl.forwardIO
            switch v {
            case .double(let d): io[keyPath: path] = Float(d)
            case .int(let i): io[keyPath: path] = Float(i)
            default: throw ScriptCallError("\(name) takes a number")
            }
            try wrap { try io.validate() }
            tl.forwardIO = io
        })
    }

    static func tileType() -> RegisteredType {
        let t = RegisteredType(name: "AnalogTile", doc: """
            A crossbar tile computing y = W·x with the non-idealities of its DAC, ADC and noise, as in \
            AIHWKit 1.2.0 (defaults: 7-bit DAC on ±1, 9-bit ADC on ±12, output noise 0.06, abs-max noise \
            management, iterative bound management). `rows` outputs, `cols` inputs.

                let tile = AnalogTile(rows: 64, cols: 128, seed: 1)      // io: .default, .standard, .standardHWA, …
                tile.weights = randomWeights          // [[Double]], rows × cols
                tile.forward(x)                       // x: [Double] (one input) or [[Double]] (a batch)
                tile.mvmError(samples: 100)           // mean ‖y − W·x‖ / ‖W·x‖ over random inputs
                tile.outNoise = 0.1; tile.inpBits = 8; tile.outBits = 10; tile.perfect = true
            """)
        t.initializer(Signature("rows:", "cols:", "config:=", "io:=", "seed:="), defaults: [.null, .null, .int(0)]) { a in
            let rows = try a.int(0, "rows"), cols = try a.int(1, "cols")
            var config = a[2] == .null ? TileConfig(forward: IOParameters()) : try tileConfig(a[2])
            if a[3] != .null { config.forward = try ioPreset(a[3]) }
            let seed = try a.int(4, "seed")
            return .object(TileObject(try wrap {
                try AnalogTile(rows: rows, cols: cols, config: config, seed: UInt64(bitPattern: Int64(seed)))
            }))
        }
        t.property("config", doc: "The tile's config (IO, update rule, inference noise, clipping and remapping) as a table.") { o in
            .object(ConfigObject(try tile(o).config))
        }
        t.method("backward", Signature("_"), doc: """
            The transposed analog MVM of backpropagation through the backward IO: errors d (rows values, or a \
            batch) in, dᵀ·W (cols values) out.
            """) { o, a in
            let tl = try tile(o)
            let d = try tensor(a[0], "the errors")
            return value(try wrap { try tl.backward(d) }, asVector: isVector(a[0]))
        }
        t.method("useMixedPrecision", Signature("_", "seed:="), defaults: [.int(0)], doc: """
            Trains with mixed precision: updates accumulate exactly in a digital matrix χ, and whole device \
            steps are pulsed into the preset's devices.
            """) { o, a in
            let tl = try tile(o)
            let p = try preset(a[0], for: "useMixedPrecision")
            let seed = try a.int(1, "seed")
            try wrap { try tl.useMixedPrecision(p.parameters, update: UpdateParameters(), seed: UInt64(bitPattern: Int64(seed))) }
            return .void
        }
        t.property("accumulator", doc: "Mixed precision's digital accumulator χ (nil without mixed precision).") { o in
            guard let chi = try tile(o).mixedPrecisionAccumulator else { return .null }
            return value(chi, asVector: false)
        }
        t.property("unitCellWeights", doc: """
            Each device's weights of a tile with several devices per weight (.multiDevice), rows × cols each; \
            the tile's weight is their average. nil for other tiles.
            """) { o in
            guard let devices = try tile(o).unitCellWeights else { return .null }
            return .array(devices.map { value($0, asVector: false) })
        }
        t.property("rows", doc: "Outputs of the tile.") { o in .int(try tile(o).rows) }
        t.property("cols", doc: "Inputs of the tile.") { o in .int(try tile(o).cols) }
        t.property("exactWeights", doc: "The ground truth: the weights the tile stands for, exactly, rows × cols.") { o in
            value(try tile(o).logicalWeights, asVector: false)
        }
        t.property("weights", doc: """
            The weights as the tile can report them, rows × cols: one read of every input line through the IO, so \
            with its noise, converters, programming and drift (exactWeights is the ground truth). Setting them \
            programs them exactly.
            """,
                   get: { o in value(try wrap { try tile(o).readBackWeights() }, asVector: false) },
                   set: { o, v in
                       let tl = try tile(o)
                       let w = try tensor(v, "weights")
                       try wrap { try tl.setWeights(w) }
                   })
        t.property("perfect", doc: "Skip every non-ideality (an exact product).", get: { o in .bool(try tile(o).forwardIO.isPerfect) },
                   set: { o, v in
                       guard case .bool(let b) = v else { throw ScriptCallError("perfect takes true or false") }
                       try tile(o).forwardIO.isPerfect = b
                   })
        ioProperty(t, "outNoise", doc: "Std of the Gaussian noise added to every output before the ADC.", \.outNoise)
        ioProperty(t, "inpNoise", doc: "Std of the Gaussian noise added to the inputs after the DAC.", \.inpNoise)
        ioProperty(t, "wNoise", doc: "Std of read-to-read weight noise (additive, seen at the output).", \.wNoise)
        ioProperty(t, "inpBound", doc: "DAC range ±inpBound.", \.inpBound)
        ioProperty(t, "outBound", doc: "ADC range ±outBound.", \.outBound)
        ioProperty(t, "irDrop", doc: "IR drop strength (AIHWKit's first-order model); 0 for none.", \.irDrop)
        ioProperty(t, "outNonlinearity", doc: "Output non-linearity: outputs saturate as y/(1 + |n·y|), n = outNonlinearity/outBound per output.", \.outNonlinearity)
        ioProperty(t, "inpAsymmetry", doc: "Negative inputs are scaled by 1 − inpAsymmetry after the DAC.", \.inpAsymmetry)
        ioProperty(t, "outAsymmetry", doc: "Negative outputs are scaled by 1 − outAsymmetry before the ADC.", \.outAsymmetry)
        for (name, path, what) in [("inpBits", \IOParameters.inpRes, "DAC"), ("outBits", \IOParameters.outRes, "ADC")] {
            t.property(name, doc: "\(what) resolution in bits (resolution 1/(2^bits − 2)); 0 for none.", get: { o in
                let res = try tile(o).forwardIO[keyPath: path]
                return .int(res > 0 ? IOParameters.converterBits(res) : 0)
            }, set: { o, v in
                guard case .int(let bits) = v, (0...24).contains(bits) else { throw ScriptCallError("\(name) takes 0…24") }
                let tl = try tile(o)
                tl.forwardIO[keyPath: path] = bits == 0 ? 0 : 1 / Float((1 << bits) - 2)
            })
        }
        t.method("forward", Signature("_"), doc: "The analog MVM of one input ([Double], cols long) or a batch ([[Double]]).") { o, a in
            let tl = try tile(o)
            let x = try tensor(a[0], "the input")
            return value(try wrap { try tl.forward(x) }, asVector: isVector(a[0]))
        }
        t.method("program", Signature("compensateDrift:="), defaults: [.bool(true)], doc: """
            Programs the weights into devices with the config's inference noise model (PCM-like by default: \
            conductance pairs, programming noise, a drift exponent per device). With compensateDrift \
            (default), outputs are rescaled by global drift compensation.
            """) { o, a in
            let tl = try tile(o)
            let compensate = try a.bool(0, "compensateDrift")
            try wrap { try tl.program(compensateDrift: compensate) }
            return .void
        }
        t.method("drift", Signature("to:"), doc: "Lets the programmed conductances drift to `to` seconds after programming (PCM: power-law drift and 1/f read noise).") { o, a in
            let tl = try tile(o)
            let seconds = try a.double(0, "to")
            try wrap { try tl.drift(to: seconds) }
            return .void
        }
        t.property("driftCompensation", doc: "The global drift compensation factor applied to outputs (1 when off).") { o in
            .double(shortest(try tile(o).driftCompensation))
        }
        t.method("driftStudy", Signature("times:", "samples:=", "compensateDrift:="), defaults: [.int(100), .bool(true)], doc: """
            Programs the tile, then for each time (seconds after programming) drifts it and measures the \
            MVM error: a Table of time, error (%) and the drift compensation factor. Plot it with \
            `.plot(x: "time", y: "error", xscale: .log)`.
            """) { o, a in
            let tl = try tile(o)
            let times = try a.doubles(0, "times")
            let samples = try a.int(1, "samples")
            guard !times.isEmpty, (1...100_000).contains(samples) else { throw ScriptCallError("driftStudy needs times and 1…100000 samples") }
            let compensate = try a.bool(2, "compensateDrift")
            var errors: [TableValue] = [], factors: [TableValue] = []
            try wrap { try tl.program(compensateDrift: compensate) }
            for t in times {
                try wrap { try tl.drift(to: t) }
                errors.append(.double(Double(try meanRelativeError(tl, samples: samples)) * 100))
                factors.append(.double(shortest(tl.driftCompensation)))
            }
            let table = try Table(columns: [Column("time", times.map { .double($0) }, unit: "s"), Column("error", errors, unit: "%"),
                                            Column("compensation", factors)],
                                  title: "MVM error after drift\(compensate ? " (global drift compensation)" : "")")
            return .object(TableObject(table))
        }
        t.method("useDevices", Signature("_", "seed:="), defaults: [.int(0)], doc: """
            Gives every weight its own pulsed device of a preset's type (each drawn with its own spread), \
            so that `update` trains the tile with pulses: `tile.useDevices(Preset.reRamES)`.
            """) { o, a in
            let tl = try tile(o)
            let p = try preset(a[0], for: "useDevices")
            let seed = try a.int(1, "seed")
            try wrap { try tl.useDevices(p.parameters, seed: UInt64(bitPattern: Int64(seed))) }
            return .void
        }
        t.method("plot", Signature("title:="), defaults: [.null], doc: "A heatmap of the tile's weights (as reads see them after programming and drift).") { o, a in
            let tl = try tile(o)
            let w = tl.logicalReadWeights
            guard w.rows <= 1024, w.cols <= 1024 else { throw ScriptCallError("plot() draws tiles up to 1024×1024") }
            let matrix = (0..<w.rows).map { r in (0..<w.cols).map { Double(w[r, $0]) } }
            do {
                var fig = try Figure(title: DisplayBindings.optionalString(a[0]) ?? "Tile weights (\(w.rows)×\(w.cols))")
                try fig.axes[0].heatmap(matrix, colorBarLabel: "weight")
                fig.axes[0].xLabel = "input (column)"
                fig.axes[0].yLabel = "output (row)"
                return .object(FigureObject(fig))
            } catch let e as FigureError {
                throw ScriptCallError(e.description)
            }
        }
        t.method("plotErrors", Signature("samples:="), defaults: [.int(200)], doc: """
            A histogram of the read errors y − W·x over every output of `samples` random inputs (uniform in ±1).
            """) { o, a in
            let tl = try tile(o)
            let n = try a.int(0, "samples")
            guard (1...100_000).contains(n) else { throw ScriptCallError("samples must be 1…100000") }
            return try wrap {
                let (y, ideal) = try probe(tl, samples: n)
                let errors = try y.subtracting(ideal).values.map(Double.init)
                let mean = errors.reduce(0, +) / Double(errors.count)
                let sd = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(1, errors.count - 1))).squareRoot()
                do {
                    var fig = try Figure(title: String(format: "Analog read errors: mean %.3g, std %.3g", mean, sd))
                    try fig.axes[0].histogram(errors, bins: 50, label: "y − W·x")
                    fig.axes[0].xLabel = "error"
                    fig.axes[0].yLabel = "outputs"
                    return .object(FigureObject(fig))
                } catch let e as FigureError {
                    throw ScriptCallError(e.description)
                }
            }
        }
        t.method("plotConductances", Signature(), doc: """
            Heatmaps of the programmed conductance pairs (g⁺ and g⁻, µS) after program(), side by side.
            """) { o, _ in
            let tl = try tile(o)
            guard let pair = tl.programmedConductancePair else {
                throw ScriptCallError("program the tile first (tile.program()) with a model that uses conductance pairs (PCM, ReRAM Wan 2022)")
            }
            guard tl.rows <= 1024, tl.cols <= 1024 else { throw ScriptCallError("plotConductances() draws tiles up to 1024×1024") }
            func matrix(_ t: Tensor) -> [[Double]] { (0..<t.rows).map { r in (0..<t.cols).map { Double(t[r, $0]) } } }
            do {
                var fig = try Figure(rows: 1, columns: 2, title: "Programmed conductances (\(tl.rows)×\(tl.cols))")
                try fig.axes[0].heatmap(matrix(pair.plus), colorBarLabel: "g⁺ (µS)")
                try fig.axes[1].heatmap(matrix(pair.minus), colorBarLabel: "g⁻ (µS)")
                for k in 0..<2 {
                    fig.axes[k].xLabel = "input (column)"
                    fig.axes[k].yLabel = "output (row)"
                }
                return .object(FigureObject(fig))
            } catch let e as FigureError {
                throw ScriptCallError(e.description)
            }
        }
        t.method("useTikiTaka", Signature("_", "transferEvery:=", "seed:="), defaults: [.double(1), .int(0)], doc: """
            Trains with Tiki-Taka: gradient pulses go to a fast array A of the preset's devices, and every \
            `transferEvery` mini-batch one column of A is read and pulsed into C, the tile's weights.
            """) { o, a in
            let tl = try tile(o)
            let p = try preset(a[0], for: "useTikiTaka")
            let every = Float(try a.double(1, "transferEvery"))
            let seed = try a.int(2, "seed")
            try wrap { try tl.useTikiTaka(p.parameters, transferEvery: every, seed: UInt64(bitPattern: Int64(seed))) }
            return .void
        }
        t.property("fastWeights", doc: "Tiki-Taka's fast array A (nil without Tiki-Taka).") { o in
            guard let fast = try tile(o).fastWeights else { return .null }
            return value(fast, asVector: false)
        }
        t.method("update", Signature("x:", "d:", "lr:"), doc: """
            One SGD update W ← W − lr·d·xᵀ: exact (then clipped and remapped as the config says) on inference \
            tiles, as stochastic pulse trains stepping the devices on tiles with devices (in expectation), \
            through Tiki-Taka's fast array, or through mixed precision's accumulator. x has cols values (or a \
            batch of rows), d has rows values (or the same batch).
            """) { o, a in
            let tl = try tile(o)
            let x = try tensor(a[0], "x"), d = try tensor(a[1], "d")
            let lr = Float(try a.double(2, "lr"))
            try wrap { try tl.update(x: x, d: d, lr: lr) }
            return .void
        }
        t.method("mvmError", Signature("samples:="), defaults: [.int(100)], doc: """
            The mean relative error ‖y − W·x‖ / ‖W·x‖ of the tile's reads over random inputs, uniform in ±1.
            """) { o, a in
            let tl = try tile(o)
            let n = try a.int(0, "samples")
            guard (1...100_000).contains(n) else { throw ScriptCallError("samples must be 1…100000") }
            return .double(shortest(try meanRelativeError(tl, samples: n)))
        }
        return t
    }
}

extension AnalogBindings {
    static func preset(_ o: ScriptObject) throws -> DevicePreset {
        guard let p = o as? PresetObject else { throw ScriptCallError("expected a Preset") }
        return p.preset
    }

    /// A device preset passed to `function`.
    static func preset(_ v: Value, for function: String) throws -> DevicePreset {
        guard case .object(let o) = v, let p = o as? PresetObject else {
            throw ScriptCallError("\(function) takes a device Preset, e.g. Preset.reRamES")
        }
        return p.preset
    }

    /// Weight against pulse number for several freshly drawn devices of a preset: `pulses` up, then down.
    static func responseFigure(_ p: DevicePreset, pulses n: Int, devices: Int, seed: Int) throws -> Value {
        guard (1...20).contains(devices) else { throw ScriptCallError("devices must be 1…20") }
        guard n >= 1 else { throw ScriptCallError("pulses must be at least 1") }
        let traces = try wrap { try p.response(up: n, down: n, devices: devices, seed: UInt64(bitPattern: Int64(seed))) }
        do {
            var fig = try Figure(title: "\(p.name): response to \(n) up then \(n) down pulses")
            let x = (1...(2 * n)).map { Double($0) }
            for (k, trace) in traces.enumerated() {
                try fig.axes[0].line(x: x, y: trace.map { Double($0) }, label: "device \(k + 1)")
            }
            fig.axes[0].xLabel = "pulse number"
            fig.axes[0].yLabel = "weight"
            fig.axes[0].verticalLine(at: Double(n), label: "down pulses start")
            return .object(FigureObject(fig))
        } catch let e as FigureError {
            throw ScriptCallError(e.description)
        }
    }

    static func presetType() -> RegisteredType {
        let t = RegisteredType(name: "Preset", doc: """
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
            t.statics[p.name] = .object(PresetObject(p))
            // The all-lowercase "ram" spelling (Preset.reramES, Preset.ecram) names the same preset.
            let alias = p.name.replacingOccurrences(of: "Ram", with: "ram")
            if alias != p.name { t.statics[alias] = .object(PresetObject(p)) }
        }
        t.staticFunctions["all"] = nil
        t.statics["all"] = (try? DevicePreset.catalogTable()).map { .rich($0.mimeBundle) } ?? .null
        t.statics["devices"] = (try? DevicePreset.overviewTable()).map { .rich($0.mimeBundle) } ?? .null
        t.property("name", doc: "The preset's name.") { o in .string(try preset(o).name) }
        t.property("summary", doc: "One line about the device.") { o in .string(try preset(o).summary) }
        t.property("table", doc: "The preset's parameters as a Table.") { o in
            .object(TableObject(try wrap { try preset(o).parameterTable() }))
        }
        t.method("response", Signature("pulses:=", "seed:="), defaults: [.int(1000), .int(0)], doc: """
            One device's weight after each of `pulses` up then `pulses` down pulses.
            """) { o, a in
            let n = try a.int(0, "pulses"), seed = try a.int(1, "seed")
            let trace = try wrap { try preset(o).response(up: n, down: n, devices: 1, seed: UInt64(bitPattern: Int64(seed))) }
            return .array((trace.first ?? []).map { .double(shortest($0)) })
        }
        let plotResponse: (ScriptObject, Arguments) throws -> Value = { o, a in
            try responseFigure(try preset(o), pulses: try a.int(0, "pulses"), devices: try a.int(1, "devices"), seed: try a.int(2, "seed"))
        }
        for name in ["plotResponse", "plot"] {
            t.method(name, Signature("pulses:=", "devices:=", "seed:="), defaults: [.int(1000), .int(5), .int(0)], doc: """
                The weight of several devices against pulse number: `pulses` up, then `pulses` down.
                """, plotResponse)
        }
        return t
    }
}

