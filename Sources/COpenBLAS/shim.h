#ifndef CROSSBAR_COPENBLAS_SHIM_H
#define CROSSBAR_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
