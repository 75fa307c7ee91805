import SystemPackage

/// The one way the project reads and writes whole files: recordings, pipeline files,
/// reports, kernel logs, sysfs attributes. `-` is standard input or standard output.
public enum TextFile {
    /// Every byte of the file (or of standard input for `-`).
    public static func readBytes(_ path: String) throws(MediaError) -> [UInt8] {
        if path == "-" { return try readAll(FileDescriptor.standardInput, path: "standard input") }
        let file = try open(path, .readOnly)
        return try readAll(file.fd, path: path)
    }

    /// The file (or standard input for `-`) in chunks of at most `chunkSize` bytes, in
    /// order, each handed to `body` and not kept: memory stays one chunk whatever the
    /// file's size. `body` returns false to stop reading. A failed read throws after the
    /// chunks before it were handed over.
    public static func readChunks(
        _ path: String, chunkSize: Int = 65536, _ body: (ArraySlice<UInt8>) -> Bool
    ) throws(MediaError) {
        if path == "-" { return try readChunks(FileDescriptor.standardInput, path: "standard input", chunkSize, body) }
        let file = try open(path, .readOnly)
        try readChunks(file.fd, path: path, chunkSize, body)
    }

    /// The file as UTF-8 text (invalid sequences become U+FFFD).
    public static func read(_ path: String) throws(MediaError) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    /// Replaces the file's contents with `text` (creating it, mode 0644), or writes it to
    /// standard output for `-`. With `creating: false` the file must exist and is written
    /// as it is, in one write: a sysfs attribute (`bind`, `unbind`).
    public static func write(_ text: String, to path: String, creating: Bool = true) throws(MediaError) {
        if path == "-" { return try writeAll(text, FileDescriptor.standardOutput, path: "standard output") }
        let file = try open(path, .writeOnly, options: creating ? [.create, .truncate] : [])
        try writeAll(text, file.fd, path: path)
        if case .failure(let errno) = file.close() {
            throw MediaError(code: .fileFailed, errno: errno, path: path, operation: "close")
        }
    }

    /// A small file read with one `read` (sysfs attributes, uevent files); nil when it
    /// cannot be read. Sysfs answers an attribute in one read of up to a page.
    package static func readSmall(_ path: String, limit: Int = 4096) -> String? {
        guard let file = try? open(path, .readOnly) else { return nil }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { buffer in (try? file.fd.read(into: buffer)) ?? -1 }
        guard count >= 0 else { return nil }
        return String(decoding: bytes.prefix(count), as: UTF8.self)
    }

    private static func open(
        _ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = []
    ) throws(MediaError) -> OwnedDescriptor {
        do {
            let fd = try FileDescriptor.open(
                path, mode, options: options.union(.closeOnExec), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            return OwnedDescriptor(adopting: fd)
        } catch {
            throw MediaError(code: .openFailed, errno: error as? Errno ?? .ioError, path: path, operation: "open")
        }
    }

    private static func readAll(_ fd: FileDescriptor, path: String) throws(MediaError) -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(fd, path: path, 65536) { chunk in
            bytes += chunk
            return true
        }
        return bytes
    }

    private static func readChunks(
        _ fd: FileDescriptor, path: String, _ chunkSize: Int, _ body: (ArraySlice<UInt8>) -> Bool
    ) throws(MediaError) {
        var chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
            } catch {
                throw MediaError(code: .fileFailed, errno: error as? Errno ?? .ioError, path: path, operation: "read")
            }
            if count == 0 || !body(chunk[..<count]) { return }
        }
    }

    private static func writeAll(_ text: String, _ fd: FileDescriptor, path: String) throws(MediaError) {
        do {
            _ = try fd.writeAll(Array(text.utf8))
        } catch {
            throw MediaError(code: .fileFailed, errno: error as? Errno ?? .ioError, path: path, operation: "write")
        }
    }
}
