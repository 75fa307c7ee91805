#ifdef __linux__
#define _GNU_SOURCE
#include "CLinuxMedia.h"
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const unsigned long CLinuxMedia_MEDIA_IOC_DEVICE_INFO = MEDIA_IOC_DEVICE_INFO;
const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_ENTITIES = MEDIA_IOC_ENUM_ENTITIES;
const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_LINKS = MEDIA_IOC_ENUM_LINKS;
const unsigned long CLinuxMedia_MEDIA_IOC_SETUP_LINK = MEDIA_IOC_SETUP_LINK;
const unsigned long CLinuxMedia_MEDIA_IOC_G_TOPOLOGY = MEDIA_IOC_G_TOPOLOGY;
const unsigned long CLinuxMedia_MEDIA_IOC_REQUEST_ALLOC = MEDIA_IOC_REQUEST_ALLOC;
const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_QUEUE = MEDIA_REQUEST_IOC_QUEUE;
const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_REINIT = MEDIA_REQUEST_IOC_REINIT;

const unsigned long CLinuxMedia_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
const unsigned long CLinuxMedia_VIDIOC_G_FMT = VIDIOC_G_FMT;
const unsigned long CLinuxMedia_VIDIOC_S_FMT = VIDIOC_S_FMT;
const unsigned long CLinuxMedia_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
const unsigned long CLinuxMedia_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
const unsigned long CLinuxMedia_VIDIOC_QBUF = VIDIOC_QBUF;
const unsigned long CLinuxMedia_VIDIOC_DQBUF = VIDIOC_DQBUF;
const unsigned long CLinuxMedia_VIDIOC_STREAMON = VIDIOC_STREAMON;
const unsigned long CLinuxMedia_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;

const unsigned long CLinuxMedia_VIDIOC_SUBDEV_QUERYCAP = VIDIOC_SUBDEV_QUERYCAP;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FMT = VIDIOC_SUBDEV_G_FMT;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FMT = VIDIOC_SUBDEV_S_FMT;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_SELECTION = VIDIOC_SUBDEV_G_SELECTION;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_SELECTION = VIDIOC_SUBDEV_S_SELECTION;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FRAME_INTERVAL = VIDIOC_SUBDEV_G_FRAME_INTERVAL;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FRAME_INTERVAL = VIDIOC_SUBDEV_S_FRAME_INTERVAL;
const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_CROP = VIDIOC_SUBDEV_G_CROP;

const unsigned long CLinuxMedia_UFFDIO_API = UFFDIO_API;
const unsigned long CLinuxMedia_UFFDIO_REGISTER = UFFDIO_REGISTER;
const unsigned long CLinuxMedia_UFFDIO_COPY = UFFDIO_COPY;
const unsigned long CLinuxMedia_UFFDIO_WAKE = UFFDIO_WAKE;

const unsigned long long CLinuxMedia_UFFD_API = UFFD_API;
const unsigned long long CLinuxMedia_UFFDIO_REGISTER_MODE_MISSING = UFFDIO_REGISTER_MODE_MISSING;

int CLinuxMedia_media_v2_entity_has_flags(unsigned int media_version) {
    return MEDIA_V2_ENTITY_HAS_FLAGS(media_version);
}

int CLinuxMedia_media_v2_pad_has_index(unsigned int media_version) {
    return MEDIA_V2_PAD_HAS_INDEX(media_version);
}

int CLinuxMedia_ioctl(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

const char *CLinuxMedia_errno_name(int error) {
    return strerrorname_np(error);
}

int CLinuxMedia_userfaultfd(int flags) {
    return (int)syscall(SYS_userfaultfd, flags);
}

int CLinuxMedia_gettid(void) {
    return (int)syscall(SYS_gettid);
}

/* Pin the layouts the Swift side relies on (x86_64 and arm64 agree). */
_Static_assert(sizeof(struct media_device_info) == 256, "media_device_info");
_Static_assert(sizeof(struct media_entity_desc) == 256, "media_entity_desc");
_Static_assert(sizeof(struct media_link_desc) == 52, "media_link_desc");
_Static_assert(sizeof(struct media_v2_topology) == 72, "media_v2_topology");
_Static_assert(sizeof(struct media_v2_entity) == 96, "media_v2_entity");
_Static_assert(sizeof(struct media_v2_interface) == 112, "media_v2_interface");
_Static_assert(sizeof(struct media_v2_pad) == 32, "media_v2_pad");
_Static_assert(sizeof(struct media_v2_link) == 40, "media_v2_link");
#endif
