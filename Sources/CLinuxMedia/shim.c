#ifdef __linux__
#define _GNU_SOURCE
#include "CLinuxMedia.h"
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int CLinuxMedia_media_v2_entity_has_flags(unsigned int media_version) {
    return MEDIA_V2_ENTITY_HAS_FLAGS(media_version);
}

int CLinuxMedia_media_v2_pad_has_index(unsigned int media_version) {
    return MEDIA_V2_PAD_HAS_INDEX(media_version);
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
_Static_assert(sizeof(struct CLinuxMedia_v4l2_subdev_route) == 40, "v4l2_subdev_route");
_Static_assert(sizeof(struct CLinuxMedia_v4l2_subdev_routing) == 64, "v4l2_subdev_routing");
_Static_assert(sizeof(struct CLinuxMedia_v4l2_subdev_client_capability) == 8, "v4l2_subdev_client_capability");
/* The stream field rides in the first reserved word of the 6.1 structures. */
_Static_assert(offsetof(struct v4l2_subdev_format, reserved) == 8 + sizeof(struct v4l2_mbus_framefmt), "format.stream");
_Static_assert(offsetof(struct v4l2_subdev_selection, reserved) == 32, "selection.stream");
_Static_assert(offsetof(struct v4l2_subdev_frame_interval, reserved) == 12, "frame_interval.stream");
#endif
