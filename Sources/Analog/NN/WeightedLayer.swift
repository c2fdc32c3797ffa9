/// A layer with a weight matrix (outputs × inputs, for convolutions out × in·k·k) and an optional
/// bias, both readable and replaceable: what `layer.weights` and `layer.bias` are in a cell.
public protocol WeightedLayer: Layer {
    var weights: Tensor { get }
    /// Replaces the weights (the same shape; analog layers program them onto their tiles exactly).
    func replaceWeights(_ w: Tensor) throws
    /// The bias, one value per output; nil for a layer built with `bias: false`.
    var biasValues: [Float]? { get }
    /// Replaces the bias (one value per output; the layer must have one).
    func replaceBias(_ values: [Float]) throws
}

extension Linear: WeightedLayer {
    public func replaceWeights(_ w: Tensor) throws { try setWeights(w) }
    public func replaceBias(_ values: [Float]) throws { try replaceLayerBias(&bias, with: values, outputs: outputs) }
}

extension AnalogLinear: WeightedLayer {
    public func replaceWeights(_ w: Tensor) throws { try setWeights(w) }
    public func replaceBias(_ values: [Float]) throws { try replaceLayerBias(&bias, with: values, outputs: outputs) }
}

extension ConvolutionCore {
    public var biasValues: [Float]? { bias?.value.values }
    public func replaceBias(_ values: [Float]) throws { try replaceLayerBias(&bias, with: values, outputs: outChannels) }

    /// A kernel matrix of this layer's shape, out × in·k·k, or the error naming it.
    func checkKernelMatrix(_ w: Tensor) throws {
        let k = window.kernel
        guard w.rows == outChannels, w.cols == inChannels * k * k else {
            throw AnalogError(.shape, "this layer holds \(outChannels)×\(inChannels * k * k) weights (out × in·\(k)·\(k)), not \(w.rows)×\(w.cols)")
        }
    }
}

extension Conv2d: WeightedLayer {
    public func replaceWeights(_ w: Tensor) throws {
        try checkKernelMatrix(w)
        kernelMatrix.value = w
    }
}

extension AnalogConv2d: WeightedLayer {
    public func replaceWeights(_ w: Tensor) throws {
        try checkKernelMatrix(w)
        try setWeights(w)
    }
}
