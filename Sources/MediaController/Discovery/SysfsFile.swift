import SystemPackage

/// Reads a small text file (sysfs attributes, uevent files); nil when it cannot be read.
package func readSmallFile(_ path: String, limit: Int = 4096) -> String? {
    guard let fd = try? FileDescriptor.open(path, .readOnly, options: [.closeOnExec]) else { return nil }
    defer { try? fd.close() }
    var bytes = [UInt8](repeating: 0, count: limit)
    let count = bytes.withUnsafeMutableBytes { buffer in
        (try? fd.read(into: buffer)) ?? -1
    }
    guard count >= 0 else { return nil }
    return String(decoding: bytes.prefix(count), as: UTF8.self)
}

/// The value of one `KEY=value` line of a uevent file, scanned as UTF-8 bytes: the live
/// topology path resolves its nodes through here, and `split` measured 15% of that
/// path's instructions (Scripts/bench/RESULTS.md, "The speed gate").
func ueventField(_ key: String, in text: String) -> String? {
    let bytes = Array(text.utf8)
    let prefix = Array(key.utf8) + [UInt8(ascii: "=")]
    var lineStart = 0
    while lineStart < bytes.count {
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        if lineEnd - lineStart >= prefix.count && bytes[lineStart..<lineStart + prefix.count].elementsEqual(prefix) {
            return String(decoding: bytes[(lineStart + prefix.count)..<lineEnd], as: UTF8.self)
        }
        lineStart = lineEnd + 1
    }
    return nil
}
