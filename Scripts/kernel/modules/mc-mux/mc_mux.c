// SPDX-License-Identifier: GPL-2.0-only
/*
 * mc_mux: a media device with routes and streams, for testing mediactl.
 *
 *   "mc-mux sensor a":0 -> "mc-mux":0 \
 *                                      "mc-mux":2 -> "mc-mux capture":0
 *   "mc-mux sensor b":0 -> "mc-mux":1 /
 *
 * "mc-mux" is a streams subdev (V4L2_SUBDEV_FL_STREAMS): its default routing
 * is 0/0 -> 2/0 and 1/0 -> 2/1, both active; VIDIOC_SUBDEV_S_ROUTING takes any
 * 1-to-1 routing. Formats are per stream: a sink stream's format is set and
 * propagated to the source stream its route leads to; source streams are
 * read-only; so are frame intervals (1/30 after each routing). The mux has no
 * selection (crop, compose). The two sensors are plain (single-stream) subdevs.
 * The capture node has no buffers: VIDIOC_STREAMON only starts the media
 * pipeline (video_device_pipeline_start: the kernel's walk and link
 * validation, the verdict `mediactl validate` predicts) and STREAMOFF or
 * closing the file stops it. Its link from the mux is not validated (no
 * link_validate on the node), as in drivers whose nodes do not implement it.
 *
 * Routes and streams need a kernel with the Streams API switched on
 * (Scripts/kernel/streams): elsewhere the module loads, and G_ROUTING answers
 * ENOTTY as the kernel's switch makes every subdev do.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <media/media-device.h>
#include <media/v4l2-device.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-subdev.h>

#define MUX_SINK_A	0
#define MUX_SINK_B	1
#define MUX_SOURCE	2
#define MUX_PADS	3

static const struct v4l2_mbus_framefmt mc_mux_default_fmt = {
	.width = 640, .height = 480,
	.code = MEDIA_BUS_FMT_UYVY8_1X16,
	.field = V4L2_FIELD_NONE,
	/* sRGB: Rec. 601 encoding, limited range, sRGB transfer */
	.colorspace = V4L2_COLORSPACE_SRGB, .ycbcr_enc = V4L2_YCBCR_ENC_601,
	.quantization = V4L2_QUANTIZATION_LIM_RANGE, .xfer_func = V4L2_XFER_FUNC_SRGB,
};

static const u32 mc_mux_codes[] = {
	MEDIA_BUS_FMT_UYVY8_1X16,
	MEDIA_BUS_FMT_SRGGB8_1X8,
};

struct mc_mux {
	struct platform_device *pdev;
	struct media_device mdev;
	struct v4l2_device v4l2_dev;
	struct v4l2_subdev sensor[2];
	struct media_pad sensor_pad[2];
	struct v4l2_subdev mux;
	struct media_pad mux_pads[MUX_PADS];
	struct video_device vdev;
	struct media_pad vdev_pad;
	struct v4l2_pix_format pix;
	struct media_pipeline pipe;
	struct file *streaming;	/* the file that started the pipeline */
	struct mutex lock;	/* the capture node's ioctls */
};

/* The bound device, for remove(); the handlers find it through their node. */
static struct mc_mux *mc_mux_bound;

static void mc_mux_clamp(struct v4l2_mbus_framefmt *fmt)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mc_mux_codes); i++)
		if (fmt->code == mc_mux_codes[i])
			break;
	if (i == ARRAY_SIZE(mc_mux_codes))
		fmt->code = mc_mux_default_fmt.code;
	fmt->width = clamp_t(u32, fmt->width, 16, 4096) & ~1U;
	fmt->height = clamp_t(u32, fmt->height, 16, 2160) & ~1U;
	fmt->field = V4L2_FIELD_NONE;
	if (fmt->colorspace == V4L2_COLORSPACE_DEFAULT)
		fmt->colorspace = mc_mux_default_fmt.colorspace;
}

static int mc_mux_enum_mbus_code(struct v4l2_subdev *sd,
				 struct v4l2_subdev_state *state,
				 struct v4l2_subdev_mbus_code_enum *code)
{
	if (code->index >= ARRAY_SIZE(mc_mux_codes))
		return -EINVAL;
	code->code = mc_mux_codes[code->index];
	return 0;
}

/* --- the sensors: one source pad, one stream -------------------------------- */

static int mc_mux_sensor_init_state(struct v4l2_subdev *sd,
				    struct v4l2_subdev_state *state)
{
	*v4l2_subdev_state_get_format(state, 0) = mc_mux_default_fmt;
	return 0;
}

static int mc_mux_sensor_set_fmt(struct v4l2_subdev *sd,
				 struct v4l2_subdev_state *state,
				 struct v4l2_subdev_format *format)
{
	mc_mux_clamp(&format->format);
	*v4l2_subdev_state_get_format(state, format->pad) = format->format;
	return 0;
}

/* --- the mux: two sink pads routed to one source pad ------------------------ */

static int mc_mux_apply_routing(struct v4l2_subdev *sd,
				struct v4l2_subdev_state *state,
				struct v4l2_subdev_krouting *routing)
{
	unsigned int i;
	int ret;

	ret = v4l2_subdev_routing_validate(sd, routing,
					   V4L2_SUBDEV_ROUTING_ONLY_1_TO_1);
	if (ret)
		return ret;
	ret = v4l2_subdev_set_routing_with_fmt(sd, state, routing,
					       &mc_mux_default_fmt);
	for (i = 0; !ret && i < state->stream_configs.num_configs; i++)
		state->stream_configs.configs[i].interval = (struct v4l2_fract){ 1, 30 };
	return ret;
}

static int mc_mux_init_state(struct v4l2_subdev *sd,
			     struct v4l2_subdev_state *state)
{
	struct v4l2_subdev_route routes[] = {
		{ .sink_pad = MUX_SINK_A, .sink_stream = 0,
		  .source_pad = MUX_SOURCE, .source_stream = 0,
		  .flags = V4L2_SUBDEV_ROUTE_FL_ACTIVE },
		{ .sink_pad = MUX_SINK_B, .sink_stream = 0,
		  .source_pad = MUX_SOURCE, .source_stream = 1,
		  .flags = V4L2_SUBDEV_ROUTE_FL_ACTIVE },
	};
	struct v4l2_subdev_krouting routing = {
		.num_routes = ARRAY_SIZE(routes),
		.routes = routes,
	};

	return mc_mux_apply_routing(sd, state, &routing);
}

static int mc_mux_set_routing(struct v4l2_subdev *sd,
			      struct v4l2_subdev_state *state,
			      enum v4l2_subdev_format_whence which,
			      struct v4l2_subdev_krouting *routing)
{
	if (which == V4L2_SUBDEV_FORMAT_ACTIVE && media_entity_is_streaming(&sd->entity))
		return -EBUSY;
	return mc_mux_apply_routing(sd, state, routing);
}

static int mc_mux_set_fmt(struct v4l2_subdev *sd,
			  struct v4l2_subdev_state *state,
			  struct v4l2_subdev_format *format)
{
	struct v4l2_mbus_framefmt *fmt, *other;

	/* A source stream carries what its sink stream does. */
	if (format->pad == MUX_SOURCE)
		return v4l2_subdev_get_fmt(sd, state, format);

	fmt = v4l2_subdev_state_get_format(state, format->pad, format->stream);
	if (!fmt)
		return -EINVAL;	/* no route has this pad/stream */
	mc_mux_clamp(&format->format);
	*fmt = format->format;
	other = v4l2_subdev_state_get_opposite_stream_format(state, format->pad,
							     format->stream);
	if (other)
		*other = format->format;
	return 0;
}

static int mc_mux_set_frame_interval(struct v4l2_subdev *sd,
				     struct v4l2_subdev_state *state,
				     struct v4l2_subdev_frame_interval *fi)
{
	struct v4l2_fract *interval;
	u32 pad, stream;

	if (fi->pad == MUX_SOURCE)
		return v4l2_subdev_get_frame_interval(sd, state, fi);
	interval = v4l2_subdev_state_get_interval(state, fi->pad, fi->stream);
	if (!interval)
		return -EINVAL;
	if (!fi->interval.numerator || !fi->interval.denominator)
		fi->interval = (struct v4l2_fract){ 1, 30 };
	*interval = fi->interval;
	if (!v4l2_subdev_routing_find_opposite_end(&state->routing, fi->pad, fi->stream,
						   &pad, &stream))
		*v4l2_subdev_state_get_interval(state, pad, stream) = fi->interval;
	return 0;
}

/* The ops of the two kinds of subdev: [SENSOR] and [MUX] (which adds routing). */
enum { SENSOR, MUX };

static const struct v4l2_subdev_pad_ops mc_mux_pad_ops[] = {
	[SENSOR] = { .enum_mbus_code = mc_mux_enum_mbus_code, .get_fmt = v4l2_subdev_get_fmt,
		     .set_fmt = mc_mux_sensor_set_fmt },
	[MUX] = { .enum_mbus_code = mc_mux_enum_mbus_code, .get_fmt = v4l2_subdev_get_fmt,
		  .set_fmt = mc_mux_set_fmt, .set_routing = mc_mux_set_routing,
		  .get_frame_interval = v4l2_subdev_get_frame_interval,
		  .set_frame_interval = mc_mux_set_frame_interval },
};

static const struct v4l2_subdev_ops mc_mux_ops[] = {
	[SENSOR] = { .pad = &mc_mux_pad_ops[SENSOR] },
	[MUX] = { .pad = &mc_mux_pad_ops[MUX] },
};

static const struct v4l2_subdev_internal_ops mc_mux_internal_ops[] = {
	[SENSOR] = { .init_state = mc_mux_sensor_init_state },
	[MUX] = { .init_state = mc_mux_init_state },
};

static const struct media_entity_operations mc_mux_entity_ops = {
	.link_validate = v4l2_subdev_link_validate,
	.has_pad_interdep = v4l2_subdev_has_pad_interdep,
};

/* --- the capture node: formats, and STREAMON as a pipeline start --------------- */

static int mc_mux_querycap(struct file *file, void *fh, struct v4l2_capability *cap)
{
	strscpy(cap->driver, "mc_mux", sizeof(cap->driver));
	strscpy(cap->card, "mc-mux", sizeof(cap->card));
	strscpy(cap->bus_info, "platform:mc_mux", sizeof(cap->bus_info));
	return 0;
}

static int mc_mux_enum_fmt(struct file *file, void *fh, struct v4l2_fmtdesc *f)
{
	if (f->index > 0)
		return -EINVAL;
	f->pixelformat = V4L2_PIX_FMT_UYVY;
	return 0;
}

static int mc_mux_try_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct v4l2_pix_format *pix = &f->fmt.pix;

	pix->pixelformat = V4L2_PIX_FMT_UYVY;
	pix->width = clamp_t(u32, pix->width, 16, 4096) & ~1U;
	pix->height = clamp_t(u32, pix->height, 16, 2160) & ~1U;
	pix->field = V4L2_FIELD_NONE;
	pix->bytesperline = pix->width * 2;
	pix->sizeimage = pix->bytesperline * pix->height;
	pix->colorspace = V4L2_COLORSPACE_SRGB;
	return 0;
}

static int mc_mux_g_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct mc_mux *mc_mux = video_drvdata(file);

	f->fmt.pix = mc_mux->pix;
	return 0;
}

static int mc_mux_s_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct mc_mux *mc_mux = video_drvdata(file);

	mc_mux_try_fmt(file, fh, f);
	mc_mux->pix = f->fmt.pix;
	return 0;
}

static int mc_mux_streamon(struct file *file, void *fh, enum v4l2_buf_type type)
{
	struct mc_mux *mc_mux = video_drvdata(file);
	int ret;

	if (type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	if (mc_mux->streaming)
		return -EBUSY;
	ret = video_device_pipeline_start(&mc_mux->vdev, &mc_mux->pipe);
	if (!ret)
		mc_mux->streaming = file;
	return ret;
}

static int mc_mux_streamoff(struct file *file, void *fh, enum v4l2_buf_type type)
{
	struct mc_mux *mc_mux = video_drvdata(file);

	if (type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	if (mc_mux->streaming == file) {
		video_device_pipeline_stop(&mc_mux->vdev);
		mc_mux->streaming = NULL;
	}
	return 0;
}

static int mc_mux_release(struct file *file)
{
	struct mc_mux *mc_mux = video_drvdata(file);

	mutex_lock(&mc_mux->lock);
	mc_mux_streamoff(file, NULL, V4L2_BUF_TYPE_VIDEO_CAPTURE);
	mutex_unlock(&mc_mux->lock);
	return v4l2_fh_release(file);
}

static const struct v4l2_ioctl_ops mc_mux_ioctl_ops = {
	.vidioc_querycap = mc_mux_querycap,
	.vidioc_enum_fmt_vid_cap = mc_mux_enum_fmt,
	.vidioc_g_fmt_vid_cap = mc_mux_g_fmt,
	.vidioc_s_fmt_vid_cap = mc_mux_s_fmt,
	.vidioc_try_fmt_vid_cap = mc_mux_try_fmt,
	.vidioc_streamon = mc_mux_streamon,
	.vidioc_streamoff = mc_mux_streamoff,
};

static const struct v4l2_file_operations mc_mux_fops = {
	.owner = THIS_MODULE,
	.open = v4l2_fh_open,
	.release = mc_mux_release,
	.unlocked_ioctl = video_ioctl2,
};

/* --- registration ------------------------------------------------------------- */

static int mc_mux_subdev(struct mc_mux *m, struct v4l2_subdev *sd, const char *name,
			 const struct v4l2_subdev_ops *ops,
			 const struct v4l2_subdev_internal_ops *internal,
			 u32 function, u32 flags, struct media_pad *pads, u16 num_pads)
{
	int ret;

	v4l2_subdev_init(sd, ops);	/* clears flags and entity.ops: set after it */
	sd->internal_ops = internal;
	sd->owner = THIS_MODULE;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE | flags;
	if (flags & V4L2_SUBDEV_FL_STREAMS)
		sd->entity.ops = &mc_mux_entity_ops;
	sd->entity.function = function;
	strscpy(sd->name, name, sizeof(sd->name));
	ret = media_entity_pads_init(&sd->entity, num_pads, pads);
	if (ret)
		return ret;
	ret = v4l2_subdev_init_finalize(sd);
	if (ret)
		return ret;
	ret = v4l2_device_register_subdev(&m->v4l2_dev, sd);
	if (ret)
		v4l2_subdev_cleanup(sd);
	return ret;
}

static int mc_mux_build(struct mc_mux *m)
{
	static const char *const names[] = { "mc-mux sensor a", "mc-mux sensor b" };
	const u32 fixed = MEDIA_LNK_FL_ENABLED | MEDIA_LNK_FL_IMMUTABLE;
	int ret, i;

	for (i = 0; i < 2; i++) {
		m->sensor_pad[i].flags = MEDIA_PAD_FL_SOURCE;
		ret = mc_mux_subdev(m, &m->sensor[i], names[i], &mc_mux_ops[SENSOR],
				    &mc_mux_internal_ops[SENSOR], MEDIA_ENT_F_CAM_SENSOR,
				    0, &m->sensor_pad[i], 1);
		if (ret)
			return ret;
	}

	m->mux_pads[MUX_SINK_A].flags = MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_MUST_CONNECT;
	m->mux_pads[MUX_SINK_B].flags = MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_MUST_CONNECT;
	m->mux_pads[MUX_SOURCE].flags = MEDIA_PAD_FL_SOURCE;
	ret = mc_mux_subdev(m, &m->mux, "mc-mux", &mc_mux_ops[MUX], &mc_mux_internal_ops[MUX],
			    MEDIA_ENT_F_VID_MUX, V4L2_SUBDEV_FL_STREAMS, m->mux_pads, MUX_PADS);
	if (ret)
		return ret;

	{
		struct v4l2_format f = { .fmt.pix.width = mc_mux_default_fmt.width,
					 .fmt.pix.height = mc_mux_default_fmt.height };

		mc_mux_try_fmt(NULL, NULL, &f);
		m->pix = f.fmt.pix;
	}
	mutex_init(&m->lock);
	strscpy(m->vdev.name, "mc-mux capture", sizeof(m->vdev.name));
	m->vdev.v4l2_dev = &m->v4l2_dev;
	m->vdev.fops = &mc_mux_fops;
	m->vdev.ioctl_ops = &mc_mux_ioctl_ops;
	m->vdev.release = video_device_release_empty;
	video_set_drvdata(&m->vdev, m);
	m->vdev.lock = &m->lock;
	/* STREAMING makes STREAMON/STREAMOFF valid ioctls (determine_valid_ioctls). */
	m->vdev.device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING | V4L2_CAP_IO_MC;
	m->vdev.entity.function = MEDIA_ENT_F_IO_V4L;
	m->vdev_pad.flags = MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_MUST_CONNECT;
	ret = media_entity_pads_init(&m->vdev.entity, 1, &m->vdev_pad);
	if (ret)
		return ret;
	ret = video_register_device(&m->vdev, VFL_TYPE_VIDEO, -1);
	if (ret)
		return ret;

	for (i = 0; i < 2; i++) {
		ret = media_create_pad_link(&m->sensor[i].entity, 0, &m->mux.entity,
					    i == 0 ? MUX_SINK_A : MUX_SINK_B, fixed);
		if (ret)
			return ret;
	}
	ret = media_create_pad_link(&m->mux.entity, MUX_SOURCE, &m->vdev.entity, 0, fixed);
	if (ret)
		return ret;
	ret = v4l2_device_register_subdev_nodes(&m->v4l2_dev);
	if (ret)
		return ret;
	return media_device_register(&m->mdev);
}

/*
 * Lifetime as the stock kernel's vimc: remove() unregisters, and the memory goes when the
 * last node that holds the v4l2_device (the capture node and the subdev nodes each take a
 * reference) is closed. An open media node holds none: the media device's own lifetime is
 * the kernel core's (the bug the lifetime series is about), not this module's.
 */
static void mc_mux_v4l2_release(struct v4l2_device *v4l2_dev)
{
	struct mc_mux *m = container_of(v4l2_dev, struct mc_mux, v4l2_dev);
	int i;

	v4l2_subdev_cleanup(&m->mux);
	for (i = 0; i < 2; i++)
		v4l2_subdev_cleanup(&m->sensor[i]);
	media_device_cleanup(&m->mdev);
	kfree(m);
}

static void mc_mux_unregister(struct mc_mux *m)
{
	int i;

	media_device_unregister(&m->mdev);
	if (video_is_registered(&m->vdev))
		video_unregister_device(&m->vdev);
	v4l2_device_unregister_subdev(&m->mux);
	for (i = 0; i < 2; i++)
		v4l2_device_unregister_subdev(&m->sensor[i]);
	v4l2_device_unregister(&m->v4l2_dev);
	v4l2_device_put(&m->v4l2_dev);
}

/* A platform driver: the media device reports its device's driver name. */
static int mc_mux_probe(struct platform_device *pdev)
{
	struct mc_mux *m;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->pdev = pdev;
	m->mdev.dev = &pdev->dev;
	strscpy(m->mdev.model, "mc-mux", sizeof(m->mdev.model));
	strscpy(m->mdev.bus_info, "platform:mc_mux", sizeof(m->mdev.bus_info));
	media_device_init(&m->mdev);
	m->v4l2_dev.mdev = &m->mdev;
	m->v4l2_dev.release = mc_mux_v4l2_release;
	ret = v4l2_device_register(&pdev->dev, &m->v4l2_dev);
	if (ret) {
		media_device_cleanup(&m->mdev);
		kfree(m);
		return ret;
	}
	ret = mc_mux_build(m);
	if (ret) {
		mc_mux_unregister(m);
		return ret;
	}
	mc_mux_bound = m;
	return 0;
}

static void mc_mux_remove(struct platform_device *pdev)
{
	mc_mux_unregister(mc_mux_bound);
	mc_mux_bound = NULL;
}

static struct platform_driver mc_mux_driver = {
	.probe = mc_mux_probe,
	.remove = mc_mux_remove,
	.driver = { .name = "mc_mux" },
};

static struct platform_device *mc_mux_pdev;

static int __init mc_mux_init(void)
{
	int ret;

	ret = platform_driver_register(&mc_mux_driver);
	if (ret)
		return ret;
	mc_mux_pdev = platform_device_register_simple("mc_mux", PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(mc_mux_pdev)) {
		platform_driver_unregister(&mc_mux_driver);
		return PTR_ERR(mc_mux_pdev);
	}
	return 0;
}

static void __exit mc_mux_exit(void)
{
	platform_device_unregister(mc_mux_pdev);
	platform_driver_unregister(&mc_mux_driver);
}

module_init(mc_mux_init);
module_exit(mc_mux_exit);

MODULE_DESCRIPTION("mediactl's routing test device: two sensors, a stream mux, a capture node");
MODULE_LICENSE("GPL");
