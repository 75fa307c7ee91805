/*
 * CZlib: zlib (apt zlib1g-dev), for the one gzip file the project reads: the running
 * kernel's configuration in /proc/config.gz. No logic.
 */
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>
#endif
