/// Raw kernel structures as hex text, so recordings stay byte-exact in JSON.
enum HexCoding {
    static func encode<Value>(_ values: [Value]) -> String {
        values.withUnsafeBytes { bytes in
            var text = ""
            text.reserveCapacity(bytes.count * 2)
            let digits = Array("0123456789abcdef")
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0xf)])
            }
            return text
        }
    }

    static func encode<Value>(_ value: Value) -> String { encode([value]) }

    /// Decodes whole C structures (plain data, `zero` is the all-zero value); nil when
    /// the text is not hex or not a whole number of them.
    static func decode<Value>(_ text: String, zero: Value) -> [Value]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            guard let nibble = nibble(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        let stride = MemoryLayout<Value>.stride
        guard high == nil, bytes.count % stride == 0 else { return nil }
        var values = [Value](repeating: zero, count: bytes.count / stride)
        values.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in destination.copyMemory(from: source) }
        }
        return values
    }

    static func decodeOne<Value>(_ text: String, zero: Value) -> Value? {
        decode(text, zero: zero).flatMap { $0.count == 1 ? $0[0] : nil }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
