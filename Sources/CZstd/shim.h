#ifndef FINOPS_CZSTD_SHIM_H
#define FINOPS_CZSTD_SHIM_H
#include <zstd.h>
#endif
