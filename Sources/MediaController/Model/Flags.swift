/// Flags of a pad (`MEDIA_PAD_FL_*`).
public struct PadFlags: NamedFlags, Sendable, Equatable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let sink = PadFlags(rawValue: 1 << 0)
    public static let source = PadFlags(rawValue: 1 << 1)
    public static let mustConnect = PadFlags(rawValue: 1 << 2)

    /// Kernel names without the `MEDIA_PAD_FL_` prefix.
    public static let table: [(bit: UInt32, name: String)] = [(1 << 0, "SINK"), (1 << 1, "SOURCE"), (1 << 2, "MUST_CONNECT")]
}

/// Flags of a link (`MEDIA_LNK_FL_*`); the top four bits are the link type.
public struct LinkFlags: NamedFlags, Sendable, Equatable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let enabled = LinkFlags(rawValue: 1 << 0)
    public static let immutable = LinkFlags(rawValue: 1 << 1)
    public static let dynamic = LinkFlags(rawValue: 1 << 2)
    public static let interfaceLink = LinkFlags(rawValue: 1 << 28)
    public static let ancillaryLink = LinkFlags(rawValue: 2 << 28)

    /// Kernel names without `MEDIA_LNK_FL_`; a data link has no type name (its type is 0).
    public static let table: [(bit: UInt32, name: String)] = [
        (1 << 0, "ENABLED"), (1 << 1, "IMMUTABLE"), (1 << 2, "DYNAMIC"),
        (1 << 28, "INTERFACE_LINK"), (2 << 28, "ANCILLARY_LINK"),
    ]

    /// The state names only (ENABLED, IMMUTABLE, DYNAMIC), unknown state bits in hex.
    public var stateNames: [String] { flagNames(rawValue & 0x0fff_ffff, Self.table) }
}

/// Flags of an entity (`MEDIA_ENT_FL_*`).
public struct EntityFlags: NamedFlags, Sendable, Equatable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let `default` = EntityFlags(rawValue: 1 << 0)
    public static let connector = EntityFlags(rawValue: 1 << 1)

    public static let table: [(bit: UInt32, name: String)] = [(1 << 0, "DEFAULT"), (1 << 1, "CONNECTOR")]
}

/// Flags that encode to JSON as a list of kernel names (`["ENABLED", "IMMUTABLE"]`),
/// with unknown bits as one hex string, and decode from the same.
public protocol NamedFlags: OptionSet, Codable where RawValue == UInt32 {
    /// Every named bit, in printing order.
    static var table: [(bit: UInt32, name: String)] { get }
}

extension NamedFlags {
    /// Kernel names of the set bits, unknown bits in hex.
    public var names: [String] { flagNames(rawValue, Self.table) }

    public init(from decoder: any Decoder) throws {
        let names = try decoder.singleValueContainer().decode([String].self)
        var value: UInt32 = 0
        for name in names {
            if let bit = Self.table.first(where: { $0.name == name })?.bit {
                value |= bit
            } else if name.hasPrefix("0x"), let bits = UInt32(name.dropFirst(2), radix: 16) {
                value |= bits
            } else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown flag '\(name)'"))
            }
        }
        self.init(rawValue: value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}

/// Names the known bits of `value` in table order, then the rest as one hex number.
func flagNames(_ value: UInt32, _ table: [(bit: UInt32, name: String)]) -> [String] {
    var rest = value
    var names: [String] = []
    for (bit, name) in table where value & bit != 0 {
        names.append(name)
        rest &= ~bit
    }
    if rest != 0 { names.append("0x" + String(rest, radix: 16)) }
    return names
}
