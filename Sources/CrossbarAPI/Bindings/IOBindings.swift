import Analog
import Display
import SwiftScript

/// Every field of the IO model, once: `IOParameters(…)` in a cell takes each as a label, an
/// IOParameters value shows each as a property, and a tile sets each on its forward IO.
extension AnalogBindings {
    struct IOField {
        let name: String
        let doc: String
        let read: (IOParameters) -> Value
        let write: (inout IOParameters, Value, CellContext) throws -> Void
    }

    static func field<V: CellConvertible>(_ name: String, _ path: WritableKeyPath<IOParameters, V>, _ doc: String) -> IOField {
        IOField(name: name, doc: doc, read: { $0[keyPath: path].cellValue },
                write: { io, v, context in io[keyPath: path] = try V.fromCell(v, context) })
    }

    /// Converter bits: resolution 1/(2^bits − 2), 0 for none.
    static func bitsField(_ name: String, _ path: WritableKeyPath<IOParameters, Float>, _ what: String) -> IOField {
        IOField(name: name, doc: "\(what) resolution in bits (resolution 1/(2^bits − 2)); 0 for none.", read: { io in
            let res = io[keyPath: path]
            return .int(res > 0 ? IOParameters.converterBits(res) : 0)
        }, write: { io, v, context in io[keyPath: path] = try IOParameters.resolution(bits: try Int.fromCell(v, context), name: name) })
    }

    static var ioFields: [IOField] {
        [
            field("perfect", \.isPerfect, "Skip every non-ideality (an exact product)."),
            bitsField("inpBits", \.inpRes, "DAC"),
            bitsField("outBits", \.outRes, "ADC"),
            field("inpRes", \.inpRes, "DAC resolution as a fraction of the input range (1/(2^bits − 2)), or a step count above 1; 0 for none."),
            field("outRes", \.outRes, "ADC resolution as a fraction of the output range, or a step count above 1; 0 for none."),
            field("inpBound", \.inpBound, "DAC range ±inpBound."),
            field("outBound", \.outBound, "ADC range ±outBound."),
            field("inpNoise", \.inpNoise, "Std of the Gaussian noise added to the inputs after the DAC."),
            field("outNoise", \.outNoise, "Std of the Gaussian noise added to every output before the ADC."),
            field("wNoise", \.wNoise, "Std of read-to-read weight noise (additive, seen at the output)."),
            field("wNoiseType", \.wNoiseType, "How read-to-read weight noise enters: .none, .additiveConstant or .pcmRead."),
            field("noiseManagement", \.noiseManagement, "Input scaling before the DAC: .none, .absMax, .max or .constant (by nmThreshold)."),
            field("nmThreshold", \.nmThreshold, "The divisor of .constant noise management."),
            field("boundManagement", \.boundManagement, "What saturated outputs do: .none, or .iterative (the read repeats with halved inputs)."),
            field("maxBMFactor", \.maxBMFactor, "Iterative bound management stops at this input reduction."),
            field("maxBMResolution", \.maxBMResolution, "…or when the effective input resolution would get coarser than this."),
            field("irDrop", \.irDrop, "IR drop strength (AIHWKit's first-order model); 0 for none."),
            field("irDropGRatio", \.irDropGRatio, "The wire-to-device conductance ratio of the IR drop model."),
            field("outNonlinearity", \.outNonlinearity, "Output non-linearity: outputs saturate as y/(1 + |n·y|), n = outNonlinearity/outBound per output."),
            field("outNonlinearityStd", \.outNonlinearityStd, "Device-to-device spread of the output non-linearity."),
            field("slopeCalibration", \.slopeCalibration, "Scales the slope back up by the mean non-linearity (0: off)."),
            field("inpAsymmetry", \.inpAsymmetry, "Negative inputs are scaled by 1 − inpAsymmetry after the DAC."),
            field("outAsymmetry", \.outAsymmetry, "Negative outputs are scaled by 1 − outAsymmetry before the ADC."),
            field("outScale", \.outScale, "A final digital factor on every output."),
            field("inpStochasticRounding", \.inpStochasticRounding, "Stochastic rounding in the DAC instead of round-half-to-even."),
            field("outStochasticRounding", \.outStochasticRounding, "Stochastic rounding in the ADC instead of round-half-to-even."),
        ]
    }

    static func ioType() -> ToolkitType<IOParameters> {
        let t = ToolkitType<IOParameters>(doc: """
            The peripheral circuits of a tile (AIHWKit's IOParameters): DAC and ADC resolution and range, noise at \
            the input, the weights and the output, noise and bound management, IR drop, non-linearity and \
            asymmetries. Start from a preset (`base:`, .default by default) and change any field by its label.

                let io = IOParameters(inpBits: 6, outBits: 8, outNoise: 0.02)
                AnalogTile(rows: 64, cols: 64, io: io)
                IOParameters(base: .standard, noiseManagement: .none, boundManagement: .none, inpRes: 1.0 / 62)
            """)
        let fields = ioFields
        t.initializer(Signature(specs: ["base: = .default"] + fields.map { "\($0.name): = nil" })) { a in
            var io: IOParameters = try a("base")
            for f in fields where a.given(f.name) { try f.write(&io, a[f.name], a.context(f.name)) }
            try io.validate()
            return io
        }
        for f in fields { t.property(f.name, doc: f.doc) { f.read($0) } }
        t.property("summary", \.summary, doc: "One line about the IO.")
        return t
    }

    /// Every IO field as a settable property of a tile's forward IO, validated before it is kept.
    static func registerIOProperties(_ t: ToolkitType<AnalogTile>) {
        for f in ioFields {
            t.settable(f.name, doc: f.doc, get: { f.read($0.forwardIO) }, set: { tile, value in
                var io = tile.forwardIO
                try f.write(&io, value, CellContext(name: f.name, runtime: nil, callSite: nil))
                try io.validate()
                tile.forwardIO = io
            })
        }
        t.settable("io", doc: "The tile's forward IO as an IOParameters value; assigning one replaces it.",
                   get: { $0.forwardIO }, set: { tile, io in
            try io.validate()
            tile.forwardIO = io
        })
        t.settable("backwardIO", doc: "The IO of the tile's backward reads (Wᵀ·d in training) as an IOParameters value; assigning one replaces it.",
                   get: { $0.backwardIO }, set: { tile, io in
            try io.validate()
            tile.backwardIO = io
        })
    }
}
