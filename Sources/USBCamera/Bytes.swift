/// Builds a byte sequence field by field: USB/IP's headers are big-endian, USB's
/// descriptors and UVC's control blocks little-endian.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func le16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func be32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func append(_ other: some Sequence<UInt8>) {
        bytes.append(contentsOf: other)
    }

    mutating func zeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }
}

extension Collection<UInt8> where Index == Int {
    /// The big-endian 32-bit value at `offset` (relative to the start index).
    func be32(at offset: Int) -> UInt32 {
        let base = startIndex + offset
        return (0..<4).reduce(0) { $0 << 8 | UInt32(self[base + $1]) }
    }

    /// The little-endian 16-bit value at `offset`.
    func le16(at offset: Int) -> UInt16 {
        let base = startIndex + offset
        return UInt16(self[base]) | UInt16(self[base + 1]) << 8
    }

    /// The little-endian 32-bit value at `offset`.
    func le32(at offset: Int) -> UInt32 {
        let base = startIndex + offset
        return (0..<4).reversed().reduce(0) { $0 << 8 | UInt32(self[base + $1]) }
    }
}
