import CLinuxMedia

/// The subdev ioctls only the pipeline code issues.
extension IoctlRequest {
    package static let subdevSetFrameInterval = IoctlRequest(
        name: "VIDIOC_SUBDEV_S_FRAME_INTERVAL", number: CLinuxMedia_VIDIOC_SUBDEV_S_FRAME_INTERVAL)
    package static let subdevGetCrop = IoctlRequest(name: "VIDIOC_SUBDEV_G_CROP", number: CLinuxMedia_VIDIOC_SUBDEV_G_CROP)
}
