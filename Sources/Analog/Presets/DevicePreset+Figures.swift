import Display

extension DevicePreset {
    /// The weight of `devices` freshly drawn devices against pulse number: `pulses` up, then
    /// `pulses` down (AIHWKit's plot_device).
    public func responseFigure(pulses: Int = 1000, devices: Int = 5, seed: UInt64 = 0) throws -> Figure {
        guard (1...20).contains(devices) else { throw AnalogError(.device, "devices must be 1…20") }
        guard pulses >= 1 else { throw AnalogError(.device, "pulses must be at least 1") }
        let traces = try response(up: pulses, down: pulses, devices: devices, seed: seed)
        var fig = try Figure(title: "\(name): response to \(pulses) up then \(pulses) down pulses")
        let x = (1...(2 * pulses)).map { Double($0) }
        for (k, trace) in traces.enumerated() {
            try fig.axes[0].line(x: x, y: trace.map { Double($0) }, label: "device \(k + 1)")
        }
        fig.axes[0].xLabel = "pulse number"
        fig.axes[0].yLabel = "weight"
        fig.axes[0].verticalLine(at: Double(pulses), label: "down pulses start")
        return fig
    }
}
