/// Matrices derived from the weights reads see: rebuilt when those weights change, not per read.
struct ReadCache {
    var version = -1
    var transposed: Tensor?
    var absolute: Tensor?
    var absoluteTransposed: Tensor?
}

extension AnalogTile {
    private func validCache() -> ReadCache {
        readCache.version == weightsVersion ? readCache : ReadCache(version: weightsVersion)
    }

    /// Wᵀ of the weights reads see (backward reads).
    func transposedReadWeights() -> Tensor {
        var cache = validCache()
        let t = cache.transposed ?? effectiveWeights.transposed
        cache.transposed = t
        readCache = cache
        return t
    }

    /// |W| (or |W|ᵀ), which IR drop currents and PCM read noise go through.
    func absoluteReadWeights(transposed: Bool) -> Tensor {
        var cache = validCache()
        let a: Tensor
        if transposed {
            a = cache.absoluteTransposed ?? transposedReadWeights().map { abs($0) }
            cache = validCache()
            cache.absoluteTransposed = a
        } else {
            a = cache.absolute ?? effectiveWeights.map { abs($0) }
            cache.absolute = a
        }
        readCache = cache
        return a
    }
}
