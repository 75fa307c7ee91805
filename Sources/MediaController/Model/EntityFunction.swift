/// A kernel enumeration value with a name table: JSON carries the kernel's name
/// (`"CAM_SENSOR"`), or a hex string for values this version does not know.
public protocol NamedValue: RawRepresentable, Codable where RawValue == UInt32 {
    init(rawValue: UInt32)
    static var names: [UInt32: String] { get }
}

extension NamedValue {
    /// The kernel's name without its prefix; hex when unknown.
    public var name: String { Self.names[rawValue] ?? "0x" + String(rawValue, radix: 16) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let value = Self.names.first(where: { $0.value == text })?.key {
            self.init(rawValue: value)
        } else if text.hasPrefix("0x"), let value = UInt32(text.dropFirst(2), radix: 16) {
            self.init(rawValue: value)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown name '\(text)'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// An entity's function (`MEDIA_ENT_F_*`), kept as the kernel's number.
public struct EntityFunction: NamedValue, Sendable, Equatable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let cameraSensor = EntityFunction(rawValue: 0x0002_0001)
    public static let lens = EntityFunction(rawValue: 0x0002_0003)
    public static let ioV4L = EntityFunction(rawValue: 0x0001_0001)
    public static let v4l2SubdevUnknown = EntityFunction(rawValue: 0x0002_0000)

    public static let names: [UInt32: String] = [
        0x0000_0000: "UNKNOWN",
        0x0002_0000: "V4L2_SUBDEV_UNKNOWN",
        0x0000_0001: "DTV_DEMOD",
        0x0000_0002: "TS_DEMUX",
        0x0000_0003: "DTV_CA",
        0x0000_0004: "DTV_NET_DECAP",
        0x0001_0000: "DEVNODE_UNKNOWN_OLD",
        0x0001_0001: "IO_V4L",
        0x0000_1001: "IO_DTV",
        0x0000_1002: "IO_VBI",
        0x0000_1003: "IO_SWRADIO",
        0x0002_0001: "CAM_SENSOR",
        0x0002_0002: "FLASH",
        0x0002_0003: "LENS",
        0x0002_0004: "ATV_DECODER",
        0x0002_0005: "TUNER",
        0x0000_2001: "IF_VID_DECODER",
        0x0000_2002: "IF_AUD_DECODER",
        0x0000_3001: "AUDIO_CAPTURE",
        0x0000_3002: "AUDIO_PLAYBACK",
        0x0000_3003: "AUDIO_MIXER",
        0x0000_4001: "PROC_VIDEO_COMPOSER",
        0x0000_4002: "PROC_VIDEO_PIXEL_FORMATTER",
        0x0000_4003: "PROC_VIDEO_PIXEL_ENC_CONV",
        0x0000_4004: "PROC_VIDEO_LUT",
        0x0000_4005: "PROC_VIDEO_SCALER",
        0x0000_4006: "PROC_VIDEO_STATISTICS",
        0x0000_4007: "PROC_VIDEO_ENCODER",
        0x0000_4008: "PROC_VIDEO_DECODER",
        0x0000_4009: "PROC_VIDEO_ISP",
        0x0000_5001: "VID_MUX",
        0x0000_5002: "VID_IF_BRIDGE",
        0x0000_6001: "DV_DECODER",
        0x0000_6002: "DV_ENCODER",
    ]
}

/// An interface's type (`MEDIA_INTF_T_*`).
public struct InterfaceType: NamedValue, Sendable, Equatable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let v4lVideo = InterfaceType(rawValue: 0x200)
    public static let v4lSubdev = InterfaceType(rawValue: 0x203)

    public static let names: [UInt32: String] = [
        0x100: "DVB_FE", 0x101: "DVB_DEMUX", 0x102: "DVB_DVR", 0x103: "DVB_CA", 0x104: "DVB_NET",
        0x200: "V4L_VIDEO", 0x201: "V4L_VBI", 0x202: "V4L_RADIO", 0x203: "V4L_SUBDEV",
        0x204: "V4L_SWRADIO", 0x205: "V4L_TOUCH",
        0x300: "ALSA_PCM_CAPTURE", 0x301: "ALSA_PCM_PLAYBACK", 0x302: "ALSA_CONTROL",
        0x303: "ALSA_COMPRESS", 0x304: "ALSA_RAWMIDI", 0x305: "ALSA_HWDEP",
        0x306: "ALSA_SEQUENCER", 0x307: "ALSA_TIMER",
    ]
}
