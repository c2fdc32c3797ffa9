import Foundation

// Foundation's C math under names the typed compiler can use without clashing with its own.
@inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func Foundation_log(_ x: Double) -> Double { log(x) }
@inline(__always) func Foundation_log2(_ x: Double) -> Double { log2(x) }
@inline(__always) func Foundation_log10(_ x: Double) -> Double { log10(x) }
@inline(__always) func Foundation_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) func Foundation_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func Foundation_tan(_ x: Double) -> Double { tan(x) }
@inline(__always) func Foundation_tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func Foundation_atan(_ x: Double) -> Double { atan(x) }
@inline(__always) func Foundation_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func Foundation_atan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
