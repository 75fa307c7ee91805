// CMediactlStart: the arguments of the process for the Swift runtime, without its
// start-up scan (arguments.c). Nothing to call from Swift: linking it is what matters.
#ifndef CMEDIACTL_START_H
#define CMEDIACTL_START_H
#endif
