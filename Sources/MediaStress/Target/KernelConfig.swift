import CZlib
package import MediaController

/// The running kernel's build configuration (`CONFIG_*`), from `/proc/config.gz`
/// (CONFIG_IKCONFIG_PROC) or `/boot/config-RELEASE` (Debian's packages).
package struct KernelConfig: Sendable, Equatable {
    /// Every `CONFIG_NAME=value` line: `y`, `m`, a number or a quoted string. An option the
    /// file names as `# CONFIG_NAME is not set` is absent.
    package var values: [String: String]
    /// Where it was read from.
    package var source: String

    package init(values: [String: String], source: String) {
        self.values = values
        self.source = source
    }

    /// Whether the option is built in (`=y`).
    package func isOn(_ name: String) -> Bool { values[name] == "y" }

    /// The options of a config file's text.
    package static func parse(_ text: String, source: String) -> KernelConfig {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("CONFIG_") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return KernelConfig(values: values, source: source)
    }

    /// The running kernel's configuration, or nil when neither file is there.
    package static func running(release: String) throws(MediaError) -> KernelConfig? {
        if let compressed = try? TextFile.readBytes("/proc/config.gz") {
            return parse(try gunzip(compressed, path: "/proc/config.gz"), source: "/proc/config.gz")
        }
        let path = "/boot/config-\(release)"
        guard let text = try? TextFile.read(path) else { return nil }
        return parse(text, source: path)
    }

    /// The text of a gzip stream. The corresponding C function is `inflate`.
    package static func gunzip(_ bytes: [UInt8], path: String) throws(MediaError) -> String {
        var stream = z_stream()
        // 16 + MAX_WBITS: a gzip header, not a zlib one.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw MediaError(code: .fileFailed, path: path, operation: "decompress", detail: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk.prefix(chunk.count - Int(stream.avail_out)))
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            throw MediaError(code: .fileFailed, path: path, operation: "decompress", detail: "not a whole gzip stream (zlib status \(status))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
