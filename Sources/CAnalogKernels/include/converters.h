#ifndef CROSSBAR_CONVERTERS_H
#define CROSSBAR_CONVERTERS_H

#include <stdint.h>

/// The DAC without noise or dithering (AIHWKit's order): out = clip(round(in·scale/step)·step) to
/// ±bound, halves to even, then negative values times `negative_gain`; step 0 skips the rounding.
void crossbar_dac(const float *in, float *out, int64_t count, float scale, float step, float bound, float negative_gain);

/// The ADC's grid and range in place: v = round(v/step)·step (halves to even), then clipped to
/// ±bound. Returns 1 when any value was beyond the bound.
int crossbar_adc(float *values, int64_t count, float step, float bound);

#endif
