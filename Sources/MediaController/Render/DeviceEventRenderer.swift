import FoundationEssentials

/// One line per device event, for `mediactl watch`.
///
/// Text: `ACTION SUBSYSTEM NODE [MAJOR:MINOR] [driver=D] [bus_info=B] seq=N`, where NODE
/// is the device node, or the sysfs path for devices without one; a value with spaces,
/// quotes or control characters is double-quoted with backslash escapes.
/// JSON: one compact object per line, keys sorted, absent fields left out.
public struct DeviceEventRenderer {
    public init() {}

    public func text(_ event: DeviceEvent) -> String {
        var fields = [event.action, event.subsystem, event.devnode ?? event.sysPath].map(Self.quoted)
        if let number = event.deviceNumber { fields.append(number) }
        if let driver = event.driver { fields.append("driver=" + Self.quoted(driver)) }
        if let busInfo = event.busInfo { fields.append("bus_info=" + Self.quoted(busInfo)) }
        fields.append("seq=\(event.sequence)")
        return fields.joined(separator: " ") + "\n"
    }

    public func jsonLine(_ event: DeviceEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(event), as: UTF8.self) + "\n"
    }

    /// The value as is when it is a plain word, else in double quotes with `\"`, `\\`
    /// and `\xNN` escapes.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "\\" && $0.value != 0x7f }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
