/*
 * fake-topology: an LD_PRELOAD ioctl that answers MEDIA_IOC_DEVICE_INFO and
 * MEDIA_IOC_G_TOPOLOGY as vimc does (11 entities, 11 interfaces, 12 pads, 21 links,
 * topology version 16), on any descriptor, so that the user-space instructions of the
 * ioctl loops (mediactl-bench ioctl, ioctl-loop.c) can be counted with callgrind on a host
 * without a media device. It writes what the kernel would (the counts, one word an
 * element); its own instructions are the function `ioctl`, which the count subtracts.
 *
 *   gcc -O2 -shared -fPIC -o fake-topology.so Scripts/bench/fake-topology.c -ldl
 *   LD_PRELOAD=./fake-topology.so valgrind --tool=callgrind ioctl-loop /dev/null 1000 topology
 *
 * Other requests go to the C library's ioctl.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/media.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

enum { ENTITIES = 11, INTERFACES = 11, PADS = 12, LINKS = 21 };

/* Writes `wanted` elements at `address` (none when 0) if `room` holds them; 1 if not. */
static int fill(uint64_t address, uint32_t room, uint32_t wanted, size_t size) {
    if (!address) return 0;
    if (room < wanted) return 1;
    for (uint32_t i = 0; i < wanted; i++) *(uint32_t *)(uintptr_t)(address + i * size) = i + 1;
    return 0;
}

int ioctl(int fd, unsigned long request, ...) {
    va_list arguments;
    va_start(arguments, request);
    void *argument = va_arg(arguments, void *);
    va_end(arguments);
    if (request == MEDIA_IOC_DEVICE_INFO) {
        struct media_device_info *info = argument;
        strcpy(info->driver, "vimc");
        info->media_version = 0x060c75;
        return 0;
    }
    if (request == MEDIA_IOC_G_TOPOLOGY) {
        struct media_v2_topology *t = argument;
        t->topology_version = 16;
        int short_of_room = fill(t->ptr_entities, t->num_entities, ENTITIES, sizeof(struct media_v2_entity));
        short_of_room |= fill(t->ptr_interfaces, t->num_interfaces, INTERFACES, sizeof(struct media_v2_interface));
        short_of_room |= fill(t->ptr_pads, t->num_pads, PADS, sizeof(struct media_v2_pad));
        short_of_room |= fill(t->ptr_links, t->num_links, LINKS, sizeof(struct media_v2_link));
        t->num_entities = ENTITIES;
        t->num_interfaces = INTERFACES;
        t->num_pads = PADS;
        t->num_links = LINKS;
        if (short_of_room) { errno = ENOSPC; return -1; }
        return 0;
    }
    static int (*real)(int, unsigned long, void *);
    if (!real) real = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
    return real(fd, request, argument);
}
