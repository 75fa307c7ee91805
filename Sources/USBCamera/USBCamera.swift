// USBCamera: an emulated USB Video Class camera served over the USB/IP protocol, so that
// the kernel's vhci-hcd attaches it and uvcvideo binds to it as to a real camera. Pure
// protocol handling, no I/O: USB/IP messages in and out as bytes, the camera's
// descriptors, its standard and UVC class requests, and the seeded frames of its bulk
// streaming endpoint. The program that owns the socket and sysfs is mediactl-usbcam.
//
// May use: the standard library only; no other target of the project.
// Imports: nothing but the standard library.

/// What makes one emulated camera differ from another: its serial number (by which a
/// test follows it across unplugs, never by node name) and the seed of its frames.
public struct CameraConfiguration: Sendable, Equatable {
    /// The USB serial number string (iSerialNumber).
    public var serial: String
    /// The seed of the frame content: the same seed gives the same frames.
    public var seed: UInt64
    /// idVendor and idProduct: pid.codes' test identifiers, in no quirk table of uvcvideo.
    public var vendorID: UInt16 = 0x1209
    public var productID: UInt16 = 0x0001

    public init(serial: String = "MCTL0001", seed: UInt64 = 1) {
        self.serial = serial
        self.seed = seed
    }
}
