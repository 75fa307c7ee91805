import CLinuxMedia

package extension v4l2_capability {
    /// The capabilities of the node itself: `device_caps` when the driver fills it
    /// (`V4L2_CAP_DEVICE_CAPS`), else those of the whole device (videodev2.h).
    var nodeCapabilities: UInt32 {
        capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? device_caps : capabilities
    }
}
