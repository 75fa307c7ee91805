import SystemPackage

/// Reads a small text file (sysfs attributes, uevent files); nil when it cannot be read.
func readSmallFile(_ path: String, limit: Int = 4096) -> String? {
    guard let fd = try? FileDescriptor.open(path, .readOnly, options: [.closeOnExec]) else { return nil }
    defer { try? fd.close() }
    var bytes = [UInt8](repeating: 0, count: limit)
    let count = bytes.withUnsafeMutableBytes { buffer in
        (try? fd.read(into: buffer)) ?? -1
    }
    guard count >= 0 else { return nil }
    return String(decoding: bytes.prefix(count), as: UTF8.self)
}

/// The `KEY=value` lines of a uevent file.
func ueventFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return fields
}

/// The value of one `KEY=value` line of a uevent file; no dictionary of every field.
func ueventField(_ key: String, in text: String) -> String? {
    for line in text.split(separator: "\n") {
        guard line.hasPrefix(key), line.dropFirst(key.count).first == "=" else { continue }
        return String(line.dropFirst(key.count + 1))
    }
    return nil
}
