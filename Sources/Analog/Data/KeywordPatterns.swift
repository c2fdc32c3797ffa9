import Foundation

extension Dataset {
    /// A keyword-spotting-like set: each sample is a small spectrogram (`bands` frequency bands ×
    /// `frames` time frames, values in [0, 1]) of one of `classes` "words". A word is a sequence of
    /// two or three formant-like tones, each a band that glides over a stretch of time; samples vary
    /// in onset, speed, pitch shift and loudness, over background noise. Seeded and generated.
    public static func keywords(samples: Int = 2000, classes: Int = 6, bands: Int = 16, frames: Int = 24,
                                seed: UInt64 = 0, checkpoint: () throws -> Void = {}) throws -> Dataset {
        guard (1...200_000).contains(samples), (2...12).contains(classes), (8...64).contains(bands), (8...128).contains(frames) else {
            throw AnalogError(.dataset, "keywords needs 1…200000 samples, 2…12 classes, 8…64 bands and 8…128 frames")
        }
        // Each word: syllables of (start band, end band, share of the word's duration), fixed by the
        // class, drawn from a generator seeded apart from the samples.
        var wordRNG = Philox(seed: 2024, stream: 59)
        let words: [[(Float, Float, Float)]] = (0..<classes).map { _ in
            let count = 2 + Int(wordRNG.next() % 2)
            return (0..<count).map { _ in
                (0.15 + 0.7 * wordRNG.uniform(), 0.15 + 0.7 * wordRNG.uniform(), 0.6 + 0.8 * wordRNG.uniform())
            }
        }
        var rng = Philox(seed: seed, stream: 61)
        let order = Dataset.shuffled(samples, seed: seed &+ 1)
        let f = bands * frames
        var values = [Float](repeating: 0, count: samples * f)
        var labels = [Int](repeating: 0, count: samples)
        for i in 0..<samples {
            if i % 1000 == 999 { try checkpoint() }
            let word = order[i] % classes
            labels[i] = word
            let syllables = words[word]
            let totalShare = syllables.reduce(0) { $0 + $1.2 }
            let length = Float(frames) * (0.55 + 0.25 * rng.uniform())      // speaking speed
            var t = (Float(frames) - length) * rng.uniform()                  // onset
            let shift = 0.08 * (rng.uniform() - 0.5) * 2                      // speaker pitch
            let loudness = 0.7 + 0.3 * rng.uniform()
            var image = [Float](repeating: 0, count: f)
            for (startBand, endBand, share) in syllables {
                let duration = length * share / totalShare
                let steps = Swift.max(2, Int(duration * 3))
                for s in 0..<steps {
                    let u = Float(s) / Float(steps - 1)
                    let frame = t + u * duration
                    let band = (startBand + (endBand - startBand) * u + shift) * Float(bands - 1)
                    // A blob around (frame, band): a tone with some spread in time and frequency.
                    for b in 0..<bands {
                        let db = (Float(b) - band) / 1.1
                        for k in Swift.max(0, Int(frame) - 1)...Swift.min(frames - 1, Int(frame) + 1) {
                            let dt = (Float(k) - frame) / 0.8
                            let v = loudness * expf(-0.5 * (db * db + dt * dt))
                            image[b * frames + k] = Swift.max(image[b * frames + k], v)
                        }
                    }
                }
                t += duration
            }
            for j in 0..<f { values[i * f + j] = Swift.min(1, Swift.max(0, image[j] + 0.08 * abs(rng.normal()))) }
        }
        return try Dataset(name: "keywords", inputs: Tensor(rows: samples, cols: f, values: values), labels: labels,
                           shape: [1, bands, frames], classNames: (0..<classes).map { "word \($0)" })
    }
}
