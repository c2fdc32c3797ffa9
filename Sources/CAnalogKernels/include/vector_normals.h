#ifndef CROSSBAR_VECTOR_NORMALS_H
#define CROSSBAR_VECTOR_NORMALS_H

#include <stdint.h>

/// Sixteen xoshiro128++ generators side by side: state[0..15] are the lanes’ first words, state[16..31]
/// their second, and so on (64 words). No lane may be all zero.
enum { CROSSBAR_LANES = 16, CROSSBAR_STATE_WORDS = 64 };

/// Fills `count` floats with normals of standard deviation `std` (Box–Muller on sixteen lanes at a
/// time), advancing `state`.
void crossbar_fill_normals(uint32_t *state, float *out, int64_t count, float std);

/// Fills `count` floats with uniforms in [0, 1) (24 bits each), advancing `state`.
void crossbar_fill_uniforms(uint32_t *state, float *out, int64_t count);

/// ln(x), sin(θ) and cos(θ) as the generator computes them (for the tests): x positive and
/// normal, |θ| ≤ π/4.
float crossbar_log(float x);
float crossbar_sin_quarter(float theta);
float crossbar_cos_quarter(float theta);

#endif
