// Normals sixteen lanes at a time: sixteen xoshiro128++ generators (Blackman and Vigna 2018) and the
// Box–Muller transform with polynomial logarithm, sine and cosine. Nothing branches on the random
// numbers, so the compiler vectorises every loop over the lanes; the ziggurat cannot be, as it
// needs a table lookup and a rejection test per draw. Written in C because Swift's SIMD types
// lower parts of this (square roots, integer-to-float conversions, lane stores) lane by lane.

#include "vector_normals.h"
#include "clones.h"

#include <math.h>
#include <string.h>

enum { L = CROSSBAR_LANES };



static inline __attribute__((always_inline)) uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/// The lanes' state, held in locals while a buffer is filled so that it stays in registers.
typedef struct { uint32_t s0[L], s1[L], s2[L], s3[L]; } lanes_t;

static inline __attribute__((always_inline)) void load_lanes(lanes_t *x, const uint32_t *state) { memcpy(x, state, sizeof *x); }
static inline __attribute__((always_inline)) void store_lanes(const lanes_t *x, uint32_t *state) { memcpy(state, x, sizeof *x); }

/// One xoshiro128++ step of every lane.
static inline __attribute__((always_inline)) void next_words(lanes_t *restrict x, uint32_t *restrict out) {
    for (int l = 0; l < L; l++) {
        out[l] = rotl(x->s0[l] + x->s3[l], 7) + x->s0[l];
        uint32_t t = x->s1[l] << 9;
        x->s2[l] ^= x->s0[l];
        x->s3[l] ^= x->s1[l];
        x->s1[l] ^= x->s2[l];
        x->s0[l] ^= x->s3[l];
        x->s2[l] ^= t;
        x->s3[l] = rotl(x->s3[l], 11);
    }
}

static inline __attribute__((always_inline)) uint32_t bits_of(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static inline __attribute__((always_inline)) float float_of(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

/// ln x for positive normal floats: x = m·2^e with m in [√½, √2), ln m = 2·atanh(t) with
/// t = (m − 1)/(m + 1), |t| ≤ 0.172, by its series to t⁹ (truncation below 10⁻⁹).
static inline __attribute__((always_inline)) float logarithm(float x) {
    uint32_t b = bits_of(x);
    int32_t e = (int32_t)(b >> 23) - 127;
    float m = float_of((b & 0x7FFFFFu) | 0x3F800000u);
    int high = m > 1.41421356f;
    m = high ? m * 0.5f : m;
    e += high;
    float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    float series = (((t2 * (1.0f / 9) + 1.0f / 7) * t2 + 1.0f / 5) * t2 + 1.0f / 3) * t2 + 1.0f;
    return (float)e * 0.69314718f + 2.0f * t * series;
}

/// sin θ and cos θ for |θ| ≤ π/4 by their Taylor series to θ⁹ and θ¹⁰ (truncation below 2·10⁻⁹).
static inline __attribute__((always_inline)) float sine_quarter(float x) {
    float x2 = x * x;
    return ((((x2 * (1.0f / 362880) - 1.0f / 5040) * x2 + 1.0f / 120) * x2 - 1.0f / 6) * x2 + 1.0f) * x;
}

static inline __attribute__((always_inline)) float cosine_quarter(float x) {
    float x2 = x * x;
    return ((((x2 * (-1.0f / 3628800) + 1.0f / 40320) * x2 - 1.0f / 720) * x2 + 1.0f / 24) * x2 - 0.5f) * x2 + 1.0f;
}

/// Two normals per lane: both outputs of Box–Muller (first[l], second[l]).
static inline __attribute__((always_inline)) void normal_pairs(lanes_t *restrict s, float *restrict first, float *restrict second) {
    uint32_t radius_words[L], angle_words[L];
    next_words(s, radius_words);
    next_words(s, angle_words);
    for (int l = 0; l < L; l++) {
        // u₁ in (0, 1] from 31 bits, so ln u₁ is finite and |z| ≤ 6.55.
        float u1 = ((float)(int32_t)(radius_words[l] >> 1) + 1.0f) * 0x1p-31f;
        float r2 = -2.0f * logarithm(u1);
        float radius = sqrtf(r2 > 0 ? r2 : 0);
        // The angle: a quarter turn from the top two bits, θ in [−π/4, π/4) from the next 24.
        uint32_t quadrant = angle_words[l] >> 30;
        float theta = ((float)(int32_t)((angle_words[l] >> 6) & 0xFFFFFFu) * 0x1p-24f - 0.5f) * 1.57079633f;
        float sn = sine_quarter(theta), cs = cosine_quarter(theta);
        // cos and sin of quadrant·π/2 + θ: odd quadrants swap them, signs by quadrant.
        int odd = quadrant & 1;
        float x = odd ? sn : cs, y = odd ? cs : sn;
        uint32_t x_sign = ((quadrant + 1) & 2) << 30, y_sign = (quadrant & 2) << 30;
        first[l] = radius * float_of(bits_of(x) ^ x_sign);
        second[l] = radius * float_of(bits_of(y) ^ y_sign);
    }
}

CROSSBAR_CLONES void crossbar_fill_normals(uint32_t *state, float *out, int64_t count, float std) {
    lanes_t lanes;
    load_lanes(&lanes, state);
    float first[L], second[L];
    int64_t i = 0;
    for (; i + 2 * L <= count; i += 2 * L) {
        normal_pairs(&lanes, first, second);
        for (int l = 0; l < L; l++) {
            out[i + l] = std * first[l];
            out[i + L + l] = std * second[l];
        }
    }
    if (i < count) {
        normal_pairs(&lanes, first, second);
        for (int64_t k = 0; i + k < count; k++) out[i + k] = std * (k < L ? first[k] : second[k - L]);
    }
    store_lanes(&lanes, state);
}

CROSSBAR_CLONES void crossbar_fill_uniforms(uint32_t *state, float *out, int64_t count) {
    lanes_t lanes;
    load_lanes(&lanes, state);
    uint32_t words[L];
    for (int64_t i = 0; i < count; i += L) {
        next_words(&lanes, words);
        for (int l = 0; l < L && i + l < count; l++) out[i + l] = (float)(int32_t)(words[l] >> 8) * 0x1p-24f;
    }
    store_lanes(&lanes, state);
}

float crossbar_log(float x) { return logarithm(x); }
float crossbar_sin_quarter(float theta) { return sine_quarter(theta); }
float crossbar_cos_quarter(float theta) { return cosine_quarter(theta); }
