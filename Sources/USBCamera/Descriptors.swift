/// The camera's USB descriptors: a high-speed device with one configuration holding an
/// interface association of a VideoControl interface (camera terminal 1 -> processing
/// unit 2 -> extension unit 3 -> streaming output terminal 4) and a VideoStreaming
/// interface whose only alternate setting has bulk IN endpoint 0x81. UVC 1.1.
public enum Descriptors {
    public static let uvcVersion: UInt16 = 0x0110
    public static let streamingEndpoint: UInt8 = 0x81
    public static let bulkMaxPacket: UInt16 = 512
    public static let controlInterface: UInt8 = 0
    public static let streamingInterface: UInt8 = 1

    /// Entity IDs of the VideoControl interface.
    public enum Entity {
        public static let camera: UInt8 = 1
        public static let processing: UInt8 = 2
        public static let extensionUnit: UInt8 = 3
        public static let output: UInt8 = 4
    }

    /// guidExtensionCode of the extension unit: the project's own, found nowhere else.
    public static let extensionGUID: [UInt8] = [
        0x6d, 0x65, 0x64, 0x69, 0x61, 0x63, 0x74, 0x6c, 0x2d, 0x75, 0x73, 0x62, 0x63, 0x61, 0x6d, 0x01,
    ]

    /// String descriptor indexes.
    public static let manufacturerIndex: UInt8 = 1
    public static let productIndex: UInt8 = 2
    public static let serialIndex: UInt8 = 3
    public static let manufacturer = "mediactl-swift"
    public static let product = "mediactl USB camera"

    /// The 18-byte device descriptor: class 0xEF/0x02/0x01 (interface association),
    /// USB 2.0 (so no BOS descriptor is asked), 64-byte control endpoint.
    public static func device(_ configuration: CameraConfiguration) -> [UInt8] {
        var writer = ByteWriter(capacity: 18)
        writer.append([18, 0x01])
        writer.le16(0x0200)
        writer.append([0xEF, 0x02, 0x01, 64])
        writer.le16(configuration.vendorID)
        writer.le16(configuration.productID)
        writer.le16(0x0100)
        writer.append([manufacturerIndex, productIndex, serialIndex, 1])
        return writer.bytes
    }

    /// The whole configuration descriptor set as GET_DESCRIPTOR(CONFIGURATION) returns it.
    public static func configuration() -> [UInt8] {
        let interfaces = associationDescriptor + controlInterfaceDescriptors + streamingInterfaceDescriptors
        var writer = ByteWriter(capacity: 9 + interfaces.count)
        writer.append([9, 0x02])
        writer.le16(UInt16(9 + interfaces.count))
        writer.append([2, 1, 0, 0x80, 250])  // 2 interfaces, value 1, bus powered, 500 mA
        writer.append(interfaces)
        return writer.bytes
    }

    /// No iFunction (nor iInterface below): uvcvideo then names the device by its product
    /// alone, not "product: function" cut at 31 characters.
    static let associationDescriptor: [UInt8] = [8, 0x0B, 0, 2, 0x0E, 0x03, 0x00, 0]

    /// The VideoControl interface: no status endpoint, then its class-specific block.
    static var controlInterfaceDescriptors: [UInt8] {
        let units = cameraTerminal + processingUnit + extensionUnit + outputTerminal
        var writer = ByteWriter()
        writer.append([9, 0x04, controlInterface, 0, 0, 0x0E, 0x01, 0x00, 0])
        writer.append([13, 0x24, 0x01])  // VC_HEADER
        writer.le16(uvcVersion)
        writer.le16(UInt16(13 + units.count))
        writer.le32(48_000_000)  // dwClockFrequency
        writer.append([1, streamingInterface])  // bInCollection, baInterfaceNr
        writer.append(units)
        return writer.bytes
    }

    /// ITT_CAMERA (0x0201), no camera controls (bControlSize 3, all zero).
    static let cameraTerminal: [UInt8] = [18, 0x24, 0x02, Entity.camera, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]
    /// Processing unit, UVC 1.1 layout: bmControls 0x0003 = brightness and contrast.
    static let processingUnit: [UInt8] = [12, 0x24, 0x05, Entity.processing, Entity.camera, 0, 0, 2, 0x03, 0x00, 0, 0]
    /// Extension unit: one control (selector 1), one input pin from the processing unit.
    static let extensionUnit: [UInt8] =
        [26, 0x24, 0x06, Entity.extensionUnit] + extensionGUID + [1, 1, Entity.processing, 1, 0x01, 0]
    /// TT_STREAMING (0x0101) output terminal fed by the extension unit.
    static let outputTerminal: [UInt8] = [9, 0x24, 0x03, Entity.output, 0x01, 0x01, 0, Entity.extensionUnit, 0]

    /// The VideoStreaming interface: input header, YUY2 format, its frames, color
    /// matching, then the bulk endpoint.
    static var streamingInterfaceDescriptors: [UInt8] {
        var formats = ByteWriter()
        formats.append([27, 0x24, 0x04, VideoFormat.formatIndex, UInt8(VideoFormat.frames.count)])
        formats.append(VideoFormat.yuy2GUID)
        formats.append([16, 1, 0, 0, 0, 0])  // bpp, default frame, aspect x/y, interlace, copy protect
        for frame in VideoFormat.frames { formats.append(frameDescriptor(frame)) }
        formats.append([6, 0x24, 0x0D, 1, 1, 4])  // BT.709 primaries and transfer, SMPTE 170M matrix
        var writer = ByteWriter()
        writer.append([9, 0x04, streamingInterface, 0, 1, 0x0E, 0x02, 0x00, 0])
        writer.append([14, 0x24, 0x01, 1])  // VS_INPUT_HEADER, one format
        writer.le16(UInt16(14 + formats.bytes.count))
        writer.append([streamingEndpoint, 0, Entity.output, 0, 0, 0, 1, 0])
        writer.append(formats.bytes)
        writer.append([7, 0x05, streamingEndpoint, 0x02])
        writer.le16(bulkMaxPacket)
        writer.u8(0)
        return writer.bytes
    }

    /// VS_FRAME_UNCOMPRESSED with discrete intervals.
    static func frameDescriptor(_ frame: FrameSize) -> [UInt8] {
        let intervals = VideoFormat.intervals
        var writer = ByteWriter()
        writer.append([UInt8(26 + 4 * intervals.count), 0x24, 0x05, frame.index, 0])
        writer.le16(frame.width)
        writer.le16(frame.height)
        let bitsPerFrame = frame.frameBytes * 8
        writer.le32(bitsPerFrame * 10)  // dwMinBitRate at 10 fps
        writer.le32(bitsPerFrame * 30)  // dwMaxBitRate at 30 fps
        writer.le32(frame.frameBytes)
        writer.le32(VideoFormat.defaultInterval)
        writer.u8(UInt8(intervals.count))
        for interval in intervals { writer.le32(interval) }
        return writer.bytes
    }

    /// String descriptor `index`: 0 is the language list (US English), nil for none.
    public static func string(_ index: UInt8, _ configuration: CameraConfiguration) -> [UInt8]? {
        let text: String
        switch index {
        case 0: return [4, 0x03, 0x09, 0x04]
        case manufacturerIndex: text = manufacturer
        case productIndex: text = product
        case serialIndex: text = configuration.serial
        default: return nil
        }
        let units = Array(text.utf16.prefix(126))
        var writer = ByteWriter(capacity: 2 + 2 * units.count)
        writer.append([UInt8(2 + 2 * units.count), 0x03])
        for unit in units { writer.le16(unit) }
        return writer.bytes
    }
}
