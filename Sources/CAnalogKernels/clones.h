#ifndef CROSSBAR_CLONES_H
#define CROSSBAR_CLONES_H

// The kernels are compiled for AVX-512, AVX2 and the baseline, and the loader picks one for the CPU.
// Contraction into fused multiply-adds is off (-ffp-contract=off in Package.swift), so every version
// gives the same bits.
//
// Not under ThreadSanitizer: the loader runs the clones' resolvers before the sanitizer's runtime is
// set up, and their instrumented entry crashes the process (`make test-sanitize`); the baseline
// version alone gives the same bits.
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__x86_64__) && defined(__linux__) && !__has_feature(thread_sanitizer)
#define CROSSBAR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CROSSBAR_CLONES
#endif

#endif
