import Display
import Foundation

/// Pictures of a tile: its weights, its read errors and its programmed conductances.
extension AnalogTile {
    /// The largest tile a heatmap draws (one cell per weight).
    public static let largestPlottedSide = 1024

    /// A heatmap of the weights as reads see them after programming and drift.
    public func weightsFigure(title: String? = nil) throws -> Figure {
        let w = logicalReadWeights
        guard w.rows <= AnalogTile.largestPlottedSide, w.cols <= AnalogTile.largestPlottedSide else {
            throw AnalogError(.configuration, "plot() draws tiles up to 1024×1024")
        }
        var fig = try Figure(title: title ?? "Tile weights (\(w.rows)×\(w.cols))")
        try fig.axes[0].heatmap(w.rowArrays, colorBarLabel: "weight")
        fig.axes[0].xLabel = "input (column)"
        fig.axes[0].yLabel = "output (row)"
        return fig
    }

    /// A histogram of the read errors y − W·x over every output of `samples` probe inputs.
    public func errorHistogram(samples: Int = 200) throws -> Figure {
        let errors = try readErrors(samples: samples)
        let mean = errors.reduce(0, +) / Double(errors.count)
        let sd = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(1, errors.count - 1))).squareRoot()
        var fig = try Figure(title: String(format: "Analog read errors: mean %.3g, std %.3g", mean, sd))
        try fig.axes[0].histogram(errors, bins: 50, label: "y − W·x")
        fig.axes[0].xLabel = "error"
        fig.axes[0].yLabel = "outputs"
        return fig
    }

    /// Heatmaps of the programmed conductance pairs (g⁺ and g⁻, µS), side by side.
    public func conductanceFigure() throws -> Figure {
        guard let pair = programmedConductancePair else {
            throw AnalogError(.state, "program the tile first (tile.program()) with a model that uses conductance pairs (PCM, ReRAM Wan 2022)")
        }
        guard rows <= AnalogTile.largestPlottedSide, cols <= AnalogTile.largestPlottedSide else {
            throw AnalogError(.configuration, "plotConductances() draws tiles up to 1024×1024")
        }
        var fig = try Figure(rows: 1, columns: 2, title: "Programmed conductances (\(rows)×\(cols))")
        try fig.axes[0].heatmap(pair.plus.rowArrays, colorBarLabel: "g⁺ (µS)")
        try fig.axes[1].heatmap(pair.minus.rowArrays, colorBarLabel: "g⁻ (µS)")
        for k in 0..<2 {
            fig.axes[k].xLabel = "input (column)"
            fig.axes[k].yLabel = "output (row)"
        }
        return fig
    }
}

extension Tensor {
    /// The values as rows of Doubles (for figures and cells).
    public var rowArrays: [[Double]] { (0..<rows).map { r in (0..<cols).map { Double(self[r, $0]) } } }
}
