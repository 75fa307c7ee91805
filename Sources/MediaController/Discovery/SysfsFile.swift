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

/// The value of one `KEY=value` line of a uevent file.
func ueventField(_ key: String, in text: String) -> String? {
    let prefix = key + "="
    return text.split(separator: "\n", omittingEmptySubsequences: false)
        .first { $0.hasPrefix(prefix) }
        .map { String($0.dropFirst(prefix.count)) }
}
