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

/* Media controller ioctls. */
extern const unsigned long CLinuxMedia_MEDIA_IOC_DEVICE_INFO;
extern const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_ENTITIES;
extern const unsigned long CLinuxMedia_MEDIA_IOC_ENUM_LINKS;
extern const unsigned long CLinuxMedia_MEDIA_IOC_SETUP_LINK;
extern const unsigned long CLinuxMedia_MEDIA_IOC_G_TOPOLOGY;
extern const unsigned long CLinuxMedia_MEDIA_IOC_REQUEST_ALLOC;
extern const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_QUEUE;
extern const unsigned long CLinuxMedia_MEDIA_REQUEST_IOC_REINIT;

/* V4L2 video node ioctls. */
extern const unsigned long CLinuxMedia_VIDIOC_QUERYCAP;
extern const unsigned long CLinuxMedia_VIDIOC_G_FMT;
extern const unsigned long CLinuxMedia_VIDIOC_S_FMT;
extern const unsigned long CLinuxMedia_VIDIOC_REQBUFS;
extern const unsigned long CLinuxMedia_VIDIOC_QUERYBUF;
extern const unsigned long CLinuxMedia_VIDIOC_QBUF;
extern const unsigned long CLinuxMedia_VIDIOC_DQBUF;
extern const unsigned long CLinuxMedia_VIDIOC_STREAMON;
extern const unsigned long CLinuxMedia_VIDIOC_STREAMOFF;

/* V4L2 subdev ioctls. */
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_QUERYCAP;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FMT;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FMT;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_SELECTION;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_SELECTION;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_FRAME_INTERVAL;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_S_FRAME_INTERVAL;
extern const unsigned long CLinuxMedia_VIDIOC_SUBDEV_G_CROP;

/* userfaultfd ioctls. */
extern const unsigned long CLinuxMedia_UFFDIO_API;
extern const unsigned long CLinuxMedia_UFFDIO_REGISTER;
extern const unsigned long CLinuxMedia_UFFDIO_COPY;
extern const unsigned long CLinuxMedia_UFFDIO_WAKE;

/* userfaultfd constants defined with casts Swift cannot import. */
extern const unsigned long long CLinuxMedia_UFFD_API;
extern const unsigned long long CLinuxMedia_UFFDIO_REGISTER_MODE_MISSING;

/* Function-like macros of <linux/media.h>. */
int CLinuxMedia_media_v2_entity_has_flags(unsigned int media_version);
int CLinuxMedia_media_v2_pad_has_index(unsigned int media_version);

/* ioctl(2) without varargs. Returns -1 and sets errno on failure. */
int CLinuxMedia_ioctl(int fd, unsigned long request, void *argument);

/* The symbolic name of an errno value ("ENOTTY"), or NULL. */
const char *CLinuxMedia_errno_name(int error);

/* userfaultfd(2): there is no libc wrapper on Debian 12. */
int CLinuxMedia_userfaultfd(int flags);

/* gettid(2) of the calling thread. */
int CLinuxMedia_gettid(void);

#endif /* __linux__ */
#endif /* CLINUXMEDIA_H */
