/// An entity as a spec names it: `"Scaler"` (or `'Scaler'`) or a numeric id (`21`).
public enum EntityReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    case name(String)
    case id(UInt32)

    /// As it would be written in a spec.
    public var description: String {
        switch self {
        case .name(let name): "\"\(name)\""
        case .id(let id): String(id)
        }
    }
}

/// `ENTITY ':' PAD` as written in a spec, with where each part starts, so the parts that
/// do not fit the device can be pointed at.
public struct PadReference: Sendable, Equatable {
    public var entity: EntityReference
    /// UTF-8 offset of the entity (its opening quote, or its first digit).
    public var entityOffset: Int
    public var index: UInt32
    /// UTF-8 offset of the pad number.
    public var indexOffset: Int
    /// `PAD/STREAM` (media-ctl 1.26+): a stream of a streams subdev's pad; nil without `/`.
    public var stream: UInt32?

    public init(entity: EntityReference, entityOffset: Int = 0, index: UInt32, indexOffset: Int = 0, stream: UInt32? = nil) {
        self.entity = entity
        self.entityOffset = entityOffset
        self.index = index
        self.indexOffset = indexOffset
        self.stream = stream
    }
}

extension SpecScanner {
    /// `"name"`, `'name'` or a decimal id, with whitespace before it. Unlike media-ctl,
    /// a name must end with the quote it started with, so `"Bob's sensor"` works.
    mutating func entityReference() throws(PipelineSpecError) -> (EntityReference, Int) {
        skipSpaces()
        let start = offset
        guard let first = current else {
            throw error("expected an entity: a name in quotes or an id")
        }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            advance()
            let nameStart = offset
            while let byte = current, byte != first { advance() }
            guard current == first else {
                throw error("missing the closing \(first == UInt8(ascii: "\"") ? "\"" : "'") of the entity name", at: start)
            }
            let name = String(decoding: bytes[nameStart..<offset], as: UTF8.self)
            advance()
            guard !name.isEmpty else { throw error("empty entity name", at: start) }
            return (.name(name), start)
        }
        guard Self.isDigit(first) else {
            throw error("expected an entity: a name in quotes or an id, found \(found)")
        }
        return (.id(try unsignedNumber("an entity id")), start)
    }

    /// `ENTITY ':' PAD`, whitespace allowed around each token; with `streams`,
    /// `ENTITY ':' PAD '/' STREAM` too (formats, not links).
    mutating func padReference(streams: Bool = false) throws(PipelineSpecError) -> PadReference {
        let (entity, entityOffset) = try entityReference()
        skipSpaces()
        guard consume(UInt8(ascii: ":")) else {
            throw error("expected ':' and a pad number after \(entity), found \(found)")
        }
        skipSpaces()
        let indexOffset = offset
        let index = try unsignedNumber("a pad number")
        let stream = streams && consume(UInt8(ascii: "/")) ? try unsignedNumber("a stream number after '/'") : nil
        skipSpaces()
        return PadReference(entity: entity, entityOffset: entityOffset, index: index, indexOffset: indexOffset, stream: stream)
    }
}

/// Parses a single pad, as `media-ctl --get-v4l2` takes it: `"Scaler":0`.
public enum PadSpecParser {
    public static func parse(_ text: String) throws(PipelineSpecError) -> PadReference {
        var scanner = SpecScanner(text)
        let pad = try scanner.padReference(streams: true)
        guard scanner.atEnd else { throw scanner.error("unexpected \(scanner.found) after the pad") }
        return pad
    }
}
