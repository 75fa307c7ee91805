/*
 * CLinuxMedia: the kernel UAPI for media controller, V4L2 and userfaultfd,
 * made visible to Swift. Only what Swift cannot import by itself lives here:
 * ioctl request numbers (function-like _IOWR macros), a non-variadic ioctl()
 * and the userfaultfd syscall. No logic.
 */
#ifndef CLINUXMEDIA_H
#define CLINUXMEDIA_H
#ifdef __linux__

#include <linux/media.h>
#include <linux/media-bus-format.h>
#include <linux/videodev2.h>
#include <linux/v4l2-subdev.h>
#include <linux/userfaultfd.h>
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>

/* Media controller ioctls. */
static const unsigned long CLinuxMedia_MEDIA_IOC_DEVICE_INFO = MEDIA_IOC_DEVICE_INFO;
static const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_ENTITIES = MEDIA_IOC_ENUM_ENTITIES;
static const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_LINKS = MEDIA_IOC_ENUM_LINKS;
static const unsigned long CLinuxMedia_MEDIA_IOC_SETUP_LINK = MEDIA_IOC_SETUP_LINK;
static const unsigned long CLinuxMedia_MEDIA_IOC_G_TOPOLOGY = MEDIA_IOC_G_TOPOLOGY;
static const unsigned long CLinuxMedia_MEDIA_IOC_REQUEST_ALLOC = MEDIA_IOC_REQUEST_ALLOC;
static const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_QUEUE = MEDIA_REQUEST_IOC_QUEUE;
static const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_REINIT = MEDIA_REQUEST_IOC_REINIT;

/* V4L2 video node ioctls. */
static const unsigned long CLinuxMedia_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
static const unsigned long CLinuxMedia_VIDIOC_G_FMT = VIDIOC_G_FMT;
static const unsigned long CLinuxMedia_VIDIOC_S_FMT = VIDIOC_S_FMT;
static const unsigned long CLinuxMedia_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
static const unsigned long CLinuxMedia_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
static const unsigned long CLinuxMedia_VIDIOC_QBUF = VIDIOC_QBUF;
static const unsigned long CLinuxMedia_VIDIOC_DQBUF = VIDIOC_DQBUF;
static const unsigned long CLinuxMedia_VIDIOC_STREAMON = VIDIOC_STREAMON;
static const unsigned long CLinuxMedia_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;

/* V4L2 subdev ioctls. */
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_QUERYCAP = VIDIOC_SUBDEV_QUERYCAP;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FMT = VIDIOC_SUBDEV_G_FMT;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FMT = VIDIOC_SUBDEV_S_FMT;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_SELECTION = VIDIOC_SUBDEV_G_SELECTION;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_SELECTION = VIDIOC_SUBDEV_S_SELECTION;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FRAME_INTERVAL = VIDIOC_SUBDEV_G_FRAME_INTERVAL;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FRAME_INTERVAL = VIDIOC_SUBDEV_S_FRAME_INTERVAL;
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_CROP = VIDIOC_SUBDEV_G_CROP;

/* Routes and streams (Linux 6.8+ UAPI). Debian 12's headers (6.1) have neither these
 * structures nor their ioctls, so they are spelled here, prefixed, from the kernel's
 * include/uapi/linux/v4l2-subdev.h; shim.c pins their sizes, IoctlNumberTests the numbers.
 * The pad ioctls' `stream` field is the first reserved word in the 6.1 structures. */
struct CLinuxMedia_v4l2_subdev_route {
    __u32 sink_pad;
    __u32 sink_stream;
    __u32 source_pad;
    __u32 source_stream;
    __u32 flags;
    __u32 reserved[5];
};
struct CLinuxMedia_v4l2_subdev_routing {
    __u32 which;
    __u32 len_routes;
    __u64 routes;
    __u32 num_routes;
    __u32 reserved[11];
};
struct CLinuxMedia_v4l2_subdev_client_capability {
    __u64 capabilities;
};
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_ROUTING = _IOWR('V', 38, struct CLinuxMedia_v4l2_subdev_routing);
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_ROUTING = _IOWR('V', 39, struct CLinuxMedia_v4l2_subdev_routing);
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_CLIENT_CAP = _IOR('V', 101, struct CLinuxMedia_v4l2_subdev_client_capability);
static const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_CLIENT_CAP = _IOWR('V', 102, struct CLinuxMedia_v4l2_subdev_client_capability);
static const unsigned int CLinuxMedia_V4L2_SUBDEV_CAP_STREAMS = 0x00000002;
static const unsigned int CLinuxMedia_V4L2_SUBDEV_ROUTE_FL_ACTIVE = 1U << 0;
static const unsigned long long CLinuxMedia_V4L2_SUBDEV_CLIENT_CAP_STREAMS = 1ULL << 0;

/* userfaultfd ioctls. */
static const unsigned long CLinuxMedia_UFFDIO_API = UFFDIO_API;
static const unsigned long CLinuxMedia_UFFDIO_REGISTER = UFFDIO_REGISTER;
static const unsigned long CLinuxMedia_UFFDIO_COPY = UFFDIO_COPY;
static const unsigned long CLinuxMedia_UFFDIO_WAKE = UFFDIO_WAKE;
static const unsigned long CLinuxMedia_UFFDIO_WRITEPROTECT = UFFDIO_WRITEPROTECT;

/* userfaultfd constants defined with casts Swift cannot import. */
static const unsigned long long CLinuxMedia_UFFD_API = UFFD_API;
static const unsigned long long CLinuxMedia_UFFDIO_REGISTER_MODE_MISSING = UFFDIO_REGISTER_MODE_MISSING;
static const unsigned long long CLinuxMedia_UFFDIO_REGISTER_MODE_WP = UFFDIO_REGISTER_MODE_WP;
static const unsigned long long CLinuxMedia_UFFDIO_WRITEPROTECT_MODE_WP = UFFDIO_WRITEPROTECT_MODE_WP;
static const unsigned long long CLinuxMedia_UFFD_FEATURE_PAGEFAULT_FLAG_WP = UFFD_FEATURE_PAGEFAULT_FLAG_WP;

/* Where `--pin NAME:inner` puts its pointers: field offsets of the arguments whose user
 * pointers the kernel follows (offsetof cannot be imported). */
static const unsigned long CLinuxMedia_topology_num_entities = offsetof(struct media_v2_topology, num_entities);
static const unsigned long CLinuxMedia_topology_ptr_entities = offsetof(struct media_v2_topology, ptr_entities);
static const unsigned long CLinuxMedia_links_enum_entity = offsetof(struct media_links_enum, entity);
static const unsigned long CLinuxMedia_links_enum_pads = offsetof(struct media_links_enum, pads);
static const unsigned long CLinuxMedia_ext_controls_count = offsetof(struct v4l2_ext_controls, count);
static const unsigned long CLinuxMedia_ext_controls_controls = offsetof(struct v4l2_ext_controls, controls);
static const unsigned long CLinuxMedia_format_type = offsetof(struct v4l2_format, type);

/* Where `--pin NAME:out` sets the fields without which the ioctl fails before its copy-out. */
static const unsigned long CLinuxMedia_entity_desc_id = offsetof(struct media_entity_desc, id);
static const unsigned long CLinuxMedia_fmtdesc_type = offsetof(struct v4l2_fmtdesc, type);
static const unsigned long CLinuxMedia_requestbuffers_type = offsetof(struct v4l2_requestbuffers, type);
static const unsigned long CLinuxMedia_requestbuffers_memory = offsetof(struct v4l2_requestbuffers, memory);
static const unsigned long CLinuxMedia_create_buffers_memory = offsetof(struct v4l2_create_buffers, memory);
static const unsigned long CLinuxMedia_create_buffers_format_type = offsetof(struct v4l2_create_buffers, format.type);
static const unsigned long CLinuxMedia_frmsizeenum_pixel_format = offsetof(struct v4l2_frmsizeenum, pixel_format);
/* A pixel format vimc and vivid capture (v4l2_fourcc is a function-like macro). */
static const unsigned int CLinuxMedia_V4L2_PIX_FMT_RGB24 = V4L2_PIX_FMT_RGB24;

/* Open file description locks: glibc's <fcntl.h> defines them only for _GNU_SOURCE.
 * The values are the kernel ABI (include/uapi/asm-generic/fcntl.h), pinned by
 * IoctlNumberTests against Python's fcntl module. */
static const int CLinuxMedia_F_OFD_GETLK = 36;
static const int CLinuxMedia_F_OFD_SETLK = 37;
static const int CLinuxMedia_F_OFD_SETLKW = 38;

/* Function-like macros of <linux/media.h>. */
int CLinuxMedia_media_v2_entity_has_flags(unsigned int media_version);
int CLinuxMedia_media_v2_pad_has_index(unsigned int media_version);

/* ioctl(2) without varargs. Returns -1 and sets errno on failure. Inline, like the
 * request numbers above: Swift calls ioctl(2) itself, with the number as a constant. */
static inline int CLinuxMedia_ioctl(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

/* errno, readable from Swift code inlined into other modules. */
static inline int CLinuxMedia_errno(void) {
    return errno;
}

/* The symbolic name of an errno value ("ENOTTY"), or NULL. */
const char *CLinuxMedia_errno_name(int error);

/* userfaultfd(2): there is no libc wrapper on Debian 12. */
int CLinuxMedia_userfaultfd(int flags);

/* gettid(2) of the calling thread. */
int CLinuxMedia_gettid(void);

#endif /* __linux__ */
#endif /* CLINUXMEDIA_H */
