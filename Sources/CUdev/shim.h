#ifndef CUDEV_SHIM_H
#define CUDEV_SHIM_H
#include <libudev.h>
#include <sys/sysmacros.h>

/* makedev() is a macro Swift cannot import. */
static inline dev_t CUdev_makedev(unsigned int major, unsigned int minor) {
    return makedev(major, minor);
}
#endif
