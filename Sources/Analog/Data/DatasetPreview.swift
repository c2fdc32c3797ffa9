import Display

extension Dataset {
    /// A picture of the data: images as a mosaic of the first `count` samples (labels in the
    /// title, row by row), two-feature sets as a scatter plot coloured by class, anything else as a
    /// heatmap of the first samples' features.
    public func preview(count: Int = 32) throws -> Figure {
        guard (1...256).contains(count) else { throw AnalogError(.dataset, "preview shows 1…256 samples, not \(count)") }
        let n = Swift.min(count, self.count)
        if shape.count == 3 {
            let (h, w) = (shape[1], shape[2])
            let columns = Swift.min(8, n), gridRows = (n + columns - 1) / columns
            // Channels are averaged; a one-pixel gap separates the samples.
            var mosaic = Array(repeating: Array(repeating: 0.0, count: columns * (w + 1) - 1), count: gridRows * (h + 1) - 1)
            let plane = h * w
            for s in 0..<n {
                let top = (s / columns) * (h + 1), left = (s % columns) * (w + 1)
                for y in 0..<h {
                    for x in 0..<w {
                        var v: Float = 0
                        for c in 0..<shape[0] { v += inputs.values[s * inputs.cols + c * plane + y * w + x] }
                        mosaic[top + y][left + x] = Double(v) / Double(shape[0])
                    }
                }
            }
            let compact = classNames.allSatisfy { $0.count == 1 }
            let labelRows = stride(from: 0, to: n, by: columns).map { start in
                (start..<Swift.min(n, start + columns)).map { classNames[labels[$0]] }.joined(separator: compact ? "" : " ")
            }
            var figure = try Figure(width: Double(Swift.max(480, columns * 70 + 160)), height: Double(gridRows * 70 + 150),
                                    title: "\(name): \(n) samples")
            try figure.axes[0].heatmap(mosaic, colorBarLabel: "value")
            figure.axes[0].xLabel = "labels by row: \(labelRows.joined(separator: " | "))"
            return figure
        }
        if inputs.cols == 2 {
            var figure = try Figure(title: "\(name): \(self.count) samples, \(classCount) classes")
            for c in 0..<classCount {
                let members = (0..<self.count).filter { labels[$0] == c }
                guard !members.isEmpty else { continue }
                try figure.axes[0].scatter(x: members.map { Double(inputs.values[2 * $0]) }, y: members.map { Double(inputs.values[2 * $0 + 1]) },
                                           label: "class \(classNames[c])")
            }
            figure.axes[0].xLabel = "feature 0"
            figure.axes[0].yLabel = "feature 1"
            return figure
        }
        let matrix = (0..<n).map { s in (0..<inputs.cols).map { Double(inputs.values[s * inputs.cols + $0]) } }
        var figure = try Figure(title: "\(name): the first \(n) samples' \(inputs.cols) features")
        try figure.axes[0].heatmap(matrix, rowLabels: (0..<n).map { "\(classNames[labels[$0]])" }, colorBarLabel: "value")
        figure.axes[0].xLabel = "feature"
        figure.axes[0].yLabel = "sample (label)"
        return figure
    }
}
