/// The four URB messages of the USB/IP protocol (Documentation/usb/usbip_protocol.rst):
/// every one opens with a 48-byte header whose fields are big-endian.
public enum USBIP {
    /// The length of every URB message's header.
    public static let headerLength = 48
    /// The length of one isochronous packet descriptor after the transfer buffer.
    public static let isoDescriptorLength = 16

    public static let cmdSubmit: UInt32 = 0x0000_0001
    public static let cmdUnlink: UInt32 = 0x0000_0002
    public static let retSubmit: UInt32 = 0x0000_0003
    public static let retUnlink: UInt32 = 0x0000_0004

    public static let directionOut: UInt32 = 0
    public static let directionIn: UInt32 = 1
}

/// One isochronous packet descriptor (struct usbip_iso_packet_descriptor).
public struct ISOPacketDescriptor: Sendable, Equatable {
    public var offset: UInt32
    public var length: UInt32
    public var actualLength: UInt32
    public var status: Int32

    public init(offset: UInt32, length: UInt32, actualLength: UInt32, status: Int32) {
        self.offset = offset
        self.length = length
        self.actualLength = actualLength
        self.status = status
    }
}

/// USBIP_CMD_SUBMIT: the host controller (vhci-hcd) submits an URB to the device.
public struct SubmitCommand: Sendable, Equatable {
    public var seqnum: UInt32
    public var devid: UInt32
    public var direction: UInt32
    public var endpoint: UInt32
    public var transferFlags: UInt32
    public var transferBufferLength: UInt32
    public var startFrame: UInt32
    /// The number of isochronous packets; 0 or 0xffffffff for other transfers.
    public var numberOfPackets: UInt32
    public var interval: UInt32
    /// The 8 bytes of the USB setup packet as on the wire (little-endian fields).
    public var setup: [UInt8]
    /// The OUT data that followed the header (empty for IN).
    public var outData: [UInt8] = []
    public var isoDescriptors: [ISOPacketDescriptor] = []

    public var isIn: Bool { direction == USBIP.directionIn }
    /// Whether the URB carries isochronous packets.
    public var isIsochronous: Bool { numberOfPackets != 0 && numberOfPackets != 0xffff_ffff }
}

/// USBIP_CMD_UNLINK: the host cancels the URB it submitted as `unlinkSeqnum`.
public struct UnlinkCommand: Sendable, Equatable {
    public var seqnum: UInt32
    public var devid: UInt32
    public var direction: UInt32
    public var endpoint: UInt32
    public var unlinkSeqnum: UInt32

    public init(seqnum: UInt32, devid: UInt32, direction: UInt32, endpoint: UInt32, unlinkSeqnum: UInt32) {
        self.seqnum = seqnum
        self.devid = devid
        self.direction = direction
        self.endpoint = endpoint
        self.unlinkSeqnum = unlinkSeqnum
    }
}

/// A message from the host to the device.
public enum USBIPCommand: Sendable, Equatable {
    case submit(SubmitCommand)
    case unlink(UnlinkCommand)
}

/// USBIP_RET_SUBMIT: the device's answer to one CMD_SUBMIT.
public struct SubmitReply: Sendable, Equatable {
    public var seqnum: UInt32
    /// 0, or a negative errno: -EPIPE (-32) is a stall.
    public var status: Int32
    /// The IN data; its count is actual_length. For OUT, `outLength` is.
    public var data: [UInt8]
    /// actual_length of an OUT transfer (no data travels back).
    public var outLength: UInt32?

    public init(seqnum: UInt32, status: Int32 = 0, data: [UInt8] = [], outLength: UInt32? = nil) {
        self.seqnum = seqnum
        self.status = status
        self.data = data
        self.outLength = outLength
    }

    /// The header and the IN data. Server fields devid, direction and ep are 0, as the
    /// protocol asks; number_of_packets is 0 for URBs without isochronous packets, as
    /// usbip-host sends it (vhci clamps anything larger than what it submitted to 0).
    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: USBIP.headerLength + data.count)
        writer.be32(USBIP.retSubmit)
        writer.be32(seqnum)
        writer.zeros(12)  // devid, direction, ep
        writer.be32(UInt32(bitPattern: status))
        writer.be32(outLength ?? UInt32(data.count))
        writer.be32(0)  // start_frame
        writer.be32(0)  // number_of_packets
        writer.be32(0)  // error_count
        writer.zeros(8)  // padding
        writer.append(data)
        return writer.bytes
    }
}

/// USBIP_RET_UNLINK: -ECONNRESET when the URB was still pending and is now cancelled,
/// 0 when its RET_SUBMIT had already gone.
public struct UnlinkReply: Sendable, Equatable {
    public var seqnum: UInt32
    public var status: Int32

    public static let connectionReset: Int32 = -104

    public init(seqnum: UInt32, status: Int32) {
        self.seqnum = seqnum
        self.status = status
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: USBIP.headerLength)
        writer.be32(USBIP.retUnlink)
        writer.be32(seqnum)
        writer.zeros(12)
        writer.be32(UInt32(bitPattern: status))
        writer.zeros(24)
        return writer.bytes
    }
}
