/*
 * CZlib: zlib's declarations (apt zlib1g-dev), for the one gzip file the project reads:
 * the running kernel's configuration in /proc/config.gz. Not linked: MediaStress opens
 * libz.so.1 with dlopen when it reads that file, so no other command pays for loading it.
 * No logic.
 */
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>
#endif
