import FoundationEssentials

/// The versioned JSON form of a snapshot (`schemaVersion`), keys sorted so the output
/// is stable and diffable. Reads back with `MediaSnapshot(json:)`.
public struct JSONRenderer {
    public init() {}

    public func render(_ snapshot: MediaSnapshot) throws -> String {
        try renderValue(snapshot)
    }

    /// Encodes any value the same way (sorted keys, pretty printed, trailing newline).
    public func renderValue(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

extension MediaSnapshot {
    /// Reads a snapshot saved by `JSONRenderer`.
    public init(json: String) throws {
        self = try JSONDecoder().decode(MediaSnapshot.self, from: Data(json.utf8))
    }
}
