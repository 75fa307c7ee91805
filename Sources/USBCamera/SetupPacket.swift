/// The 8-byte setup packet of a control transfer (USB 2.0 §9.3), little-endian fields.
public struct SetupPacket: Sendable, Equatable {
    public var requestType: UInt8
    public var request: UInt8
    public var value: UInt16
    public var index: UInt16
    public var length: UInt16

    public init(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: UInt16) {
        self.requestType = requestType
        self.request = request
        self.value = value
        self.index = index
        self.length = length
    }

    /// Decodes the 8 bytes of a CMD_SUBMIT's setup field; nil when there are not 8.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self.init(
            requestType: bytes[0], request: bytes[1], value: bytes.le16(at: 2), index: bytes.le16(at: 4),
            length: bytes.le16(at: 6))
    }

    public var isIn: Bool { requestType & 0x80 != 0 }
    /// Bits 6..5: 0 standard, 1 class, 2 vendor.
    public var kind: UInt8 { (requestType >> 5) & 0x03 }
    /// Bits 4..0: 0 device, 1 interface, 2 endpoint.
    public var recipient: UInt8 { requestType & 0x1F }
}

/// What the device does with a control transfer: complete it (with IN data, possibly
/// none) or stall its endpoint (the host sees -EPIPE).
public enum ControlOutcome: Sendable, Equatable {
    case data([UInt8])
    case stall

    public static let done = ControlOutcome.data([])
}

/// Standard request codes (USB 2.0 table 9-4).
enum StandardRequest {
    static let getStatus: UInt8 = 0
    static let clearFeature: UInt8 = 1
    static let setFeature: UInt8 = 3
    static let setAddress: UInt8 = 5
    static let getDescriptor: UInt8 = 6
    static let getConfiguration: UInt8 = 8
    static let setConfiguration: UInt8 = 9
    static let getInterface: UInt8 = 10
    static let setInterface: UInt8 = 11
}
