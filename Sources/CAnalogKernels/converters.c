// The DAC and ADC loops of a read: element-wise, branch-free arithmetic the compiler vectorises.
// Rounding is half to even by adding and removing ±2²³ (exact for |q| < 2²³; larger floats are
// integers already), the same arithmetic as the Swift fallback, so results match bit for bit.

#include "converters.h"
#include "clones.h"

#include <math.h>

static inline __attribute__((always_inline)) float round_half_even(float q) {
    float magic = copysignf(0x1p23f, q);
    float r = (q + magic) - magic;
    return fabsf(q) < 0x1p23f ? r : q;
}

static inline __attribute__((always_inline)) float clip(float v, float bound) {
    float low = v > -bound ? v : -bound;
    return low < bound ? low : bound;
}

CROSSBAR_CLONES void crossbar_dac(const float *in, float *out, int64_t count, float scale, float step, float bound,
                                  float negative_gain) {
    if (step > 0) {
        for (int64_t i = 0; i < count; i++) {
            float v = clip(round_half_even(in[i] * scale / step) * step, bound);
            out[i] = v * (v < 0 ? negative_gain : 1.0f);
        }
    } else {
        for (int64_t i = 0; i < count; i++) {
            float v = clip(in[i] * scale, bound);
            out[i] = v * (v < 0 ? negative_gain : 1.0f);
        }
    }
}

CROSSBAR_CLONES int crossbar_adc(float *values, int64_t count, float step, float bound) {
    int clipped = 0;
    for (int64_t i = 0; i < count; i++) {
        float v = round_half_even(values[i] / step) * step;
        clipped |= fabsf(v) > bound;
        values[i] = clip(v, bound);
    }
    return clipped;
}
