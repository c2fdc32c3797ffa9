@testable import Analog

/// A device without any spread or cycle-to-cycle noise, so tests can predict every pulse:
/// `model` steps of `dwMin` within ±`bound`.
func quietDevice(_ model: DeviceModel = .constantStep, dwMin: Float = 0.001, bound: Float = 1) -> PulsedDeviceParameters {
    var p = PulsedDeviceParameters(model: model)
    p.dwMin = dwMin
    p.dwMinDtod = 0
    p.dwMinStd = 0
    p.upDownDtod = 0
    p.wMax = bound
    p.wMin = -bound
    p.wMaxDtod = 0
    p.wMinDtod = 0
    return p
}
