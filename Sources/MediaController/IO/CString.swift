/// Reads a NUL-terminated string out of a fixed-size C char array (a Swift tuple).
/// Stops at the array's end when the kernel left no terminator.
func string<Tuple>(fromCArray array: Tuple) -> String {
    withUnsafeBytes(of: array) { bytes in
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}

/// Writes `text` into a fixed-size C char array, NUL-terminated and truncated to fit.
func copy<Tuple>(_ text: String, intoCArray array: inout Tuple) {
    withUnsafeMutableBytes(of: &array) { bytes in
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        let utf8 = Array(text.utf8.prefix(bytes.count - 1))
        bytes.copyBytes(from: utf8)
    }
}
