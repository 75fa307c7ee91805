/*
 * ioctl-loop: what the media ioctls cost from C, to compare with the Swift library's
 * path (mediactl-bench ioctl). Same calls, same counts, same output keys.
 *
 *   ioctl-loop DEVICE ITERATIONS [device-info|topology]
 *
 * device_info_ns         MEDIA_IOC_DEVICE_INFO into a zeroed struct, ITERATIONS times
 * topology_pair_ns       MEDIA_IOC_G_TOPOLOGY count call, calloc'd arrays of the counted
 *                        sizes, fill call, version check, free: what a C library that
 *                        returns the graph does (ITERATIONS/10 times)
 * topology_pair_static_ns  the same pair into buffers allocated once (C's floor)
 *
 * With a third argument, only that loop runs (the calloc'd pair for topology), for
 * Scripts/bench/profile. Compiled by Scripts/bench/run with gcc -O2.
 */
#include <fcntl.h>
#include <linux/media.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static int device_info(int fd) {
    struct media_device_info info;
    memset(&info, 0, sizeof info);
    if (ioctl(fd, MEDIA_IOC_DEVICE_INFO, &info) < 0) fail("MEDIA_IOC_DEVICE_INFO");
    return info.media_version != 0;
}

/* Count, allocate, fill; retried while the graph changes, as the Swift path does. */
static unsigned topology_pair(int fd) {
    for (int attempt = 0; attempt < 16; attempt++) {
        struct media_v2_topology counts;
        memset(&counts, 0, sizeof counts);
        if (ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &counts) < 0) fail("MEDIA_IOC_G_TOPOLOGY (count)");
        struct media_v2_topology filled = counts;
        void *entities = calloc(counts.num_entities ? counts.num_entities : 1, sizeof(struct media_v2_entity));
        void *interfaces = calloc(counts.num_interfaces ? counts.num_interfaces : 1, sizeof(struct media_v2_interface));
        void *pads = calloc(counts.num_pads ? counts.num_pads : 1, sizeof(struct media_v2_pad));
        void *links = calloc(counts.num_links ? counts.num_links : 1, sizeof(struct media_v2_link));
        if (!entities || !interfaces || !pads || !links) fail("calloc");
        filled.ptr_entities = (uintptr_t)entities;
        filled.ptr_interfaces = (uintptr_t)interfaces;
        filled.ptr_pads = (uintptr_t)pads;
        filled.ptr_links = (uintptr_t)links;
        int result = ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &filled);
        unsigned n = filled.num_entities;
        free(entities);
        free(interfaces);
        free(pads);
        free(links);
        if (result < 0) fail("MEDIA_IOC_G_TOPOLOGY (fill)");
        if (filled.topology_version == counts.topology_version) return n;
    }
    fprintf(stderr, "the topology kept changing\n");
    exit(1);
}

static unsigned topology_pair_static(int fd) {
    static struct media_v2_entity entities[256];
    static struct media_v2_interface interfaces[256];
    static struct media_v2_pad pads[512];
    static struct media_v2_link links[1024];
    struct media_v2_topology t;
    memset(&t, 0, sizeof t);
    if (ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &t) < 0) fail("MEDIA_IOC_G_TOPOLOGY (count)");
    t.ptr_entities = (uintptr_t)entities;
    t.ptr_interfaces = (uintptr_t)interfaces;
    t.ptr_pads = (uintptr_t)pads;
    t.ptr_links = (uintptr_t)links;
    if (ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &t) < 0) fail("MEDIA_IOC_G_TOPOLOGY (fill)");
    return t.num_entities;
}

int main(int argc, char **argv) {
    const char *only = argc == 4 ? argv[3] : NULL;
    if (argc < 3 || argc > 4 || atoi(argv[2]) < 10 ||
        (only && strcmp(only, "device-info") != 0 && strcmp(only, "topology") != 0)) {
        fprintf(stderr, "usage: ioctl-loop DEVICE ITERATIONS (>= 10) [device-info|topology]\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(argv[1]);
    int iterations = atoi(argv[2]), pairs = iterations / 10;
    volatile unsigned sink = device_info(fd) + topology_pair(fd) + topology_pair_static(fd); /* warm-up */

    double start = now();
    if (only && strcmp(only, "topology") == 0) {
        for (int i = 0; i < pairs; i++) sink += topology_pair(fd);
        printf("topology_pair_ns=%.0f iterations=%d\n", (now() - start) / pairs * 1e9, iterations);
        return 0;
    }
    for (int i = 0; i < iterations; i++) sink += device_info(fd);
    double info = (now() - start) / iterations * 1e9;
    if (only) {
        printf("device_info_ns=%.0f iterations=%d\n", info, iterations);
        return 0;
    }

    start = now();
    for (int i = 0; i < pairs; i++) sink += topology_pair(fd);
    double pair = (now() - start) / pairs * 1e9;

    start = now();
    for (int i = 0; i < pairs; i++) sink += topology_pair_static(fd);
    double pair_static = (now() - start) / pairs * 1e9;

    printf("device_info_ns=%.0f topology_pair_ns=%.0f topology_pair_static_ns=%.0f iterations=%d\n", info, pair,
           pair_static, iterations);
    (void)sink;
    return 0;
}
