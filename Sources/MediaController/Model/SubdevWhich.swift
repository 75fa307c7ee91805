/// Which state of a subdev pad an ioctl addresses (`which` of `v4l2_subdev_format` and
/// `v4l2_subdev_selection`): the device's active configuration, or the TRY state that
/// belongs to one open file handle, which the driver adjusts exactly as it would the
/// active one and which goes away when the handle is closed.
public enum SubdevWhich: String, Sendable, Codable, CaseIterable {
    /// `V4L2_SUBDEV_FORMAT_ACTIVE`.
    case active
    /// `V4L2_SUBDEV_FORMAT_TRY`.
    case `try`
}
