#ifndef FINOPS_CSNAPPY_SHIM_H
#define FINOPS_CSNAPPY_SHIM_H
#include <snappy-c.h>
#endif
