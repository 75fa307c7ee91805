/// One port line of vhci-hcd's sysfs `status` file (drivers/usb/usbip/vhci_sysfs.c):
/// `hs  0000 004 000 00000000 000000 0-0`: hub, port, status, speed, devid, sockfd and
/// the bus id of the attached device (`0-0` when none).
public struct VHCIPort: Sendable, Equatable {
    /// `hs` (high-speed hub) or `ss` (SuperSpeed hub).
    public var hub: String
    /// The number to write to `attach` and `detach`.
    public var port: Int
    /// enum usbip_device_status: 4 VDEV_ST_NULL (free), 5 not yet addressed, 6 used, 7 error.
    public var status: Int
    public var sockfd: Int
    public var busID: String

    public init(hub: String, port: Int, status: Int, sockfd: Int, busID: String) {
        self.hub = hub
        self.port = port
        self.status = status
        self.sockfd = sockfd
        self.busID = busID
    }

    public static let free = 4
    public static let used = 6

    public var isFreeHighSpeed: Bool { hub == "hs" && status == Self.free }

    /// The ports of a `status` file's text; lines that are not port lines are skipped.
    public static func parse(_ text: String) -> [VHCIPort] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 7, fields[0] == "hs" || fields[0] == "ss",
                let port = Int(fields[1]), let status = Int(fields[2]), let sockfd = Int(fields[5])
            else { return nil }
            return VHCIPort(hub: fields[0], port: port, status: status, sockfd: sockfd, busID: fields[6])
        }
    }
}

/// The line written to vhci-hcd's `attach`: "PORT SOCKFD DEVID SPEED", speed 3 being
/// USB_SPEED_HIGH.
public func vhciAttachLine(port: Int, socket: Int32, devid: UInt32) -> String {
    "\(port) \(socket) \(devid) 3"
}
