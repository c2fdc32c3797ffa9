#ifndef CROSSBAR_CZEROMQ_SHIM_H
#define CROSSBAR_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
