import CZlib
import Glibc
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

    /// The text of a gzip stream. The corresponding C function is `inflate`, of libz.so.1,
    /// opened here (`Zlib`) rather than linked: only a stress run reads a gzip file.
    package static func gunzip(_ bytes: [UInt8], path: String) throws(MediaError) -> String {
        let zlib: Zlib
        switch Zlib.shared {
        case .success(let loaded): zlib = loaded
        case .failure(let failure):
            throw MediaError(code: .fileFailed, path: path, operation: "decompress", detail: "cannot load libz.so.1: \(failure.reason)")
        }
        var stream = z_stream()
        // 16 + MAX_WBITS: a gzip header, not a zlib one.
        guard zlib.inflateInit2(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw MediaError(code: .fileFailed, path: path, operation: "decompress", detail: "zlib could not start")
        }
        defer { _ = zlib.inflateEnd(&stream) }
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
                    status = zlib.inflate(&stream, Z_NO_FLUSH)
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

/// The three functions of libz.so.1 that `gunzip` calls, found with dlopen and dlsym on first
/// use. The corresponding C functions are `dlopen` and `dlsym`.
struct Zlib: Sendable {
    typealias InflateInit2 = @convention(c) (UnsafeMutablePointer<z_stream>?, Int32, UnsafePointer<CChar>?, Int32) -> Int32
    typealias Inflate = @convention(c) (UnsafeMutablePointer<z_stream>?, Int32) -> Int32
    typealias InflateEnd = @convention(c) (UnsafeMutablePointer<z_stream>?) -> Int32

    let inflateInit2: InflateInit2
    let inflate: Inflate
    let inflateEnd: InflateEnd

    /// Why libz could not be used: dlerror's words.
    struct LoadFailure: Error {
        let reason: String
    }

    static let shared: Result<Zlib, LoadFailure> = load()

    private static func load() -> Result<Zlib, LoadFailure> {
        guard let library = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL),
            let initialize = dlsym(library, "inflateInit2_"), let inflate = dlsym(library, "inflate"),
            let end = dlsym(library, "inflateEnd")
        else { return .failure(LoadFailure(reason: dlerror().map { String(cString: $0) } ?? "unknown")) }
        return .success(
            Zlib(
                inflateInit2: unsafeBitCast(initialize, to: InflateInit2.self), inflate: unsafeBitCast(inflate, to: Inflate.self),
                inflateEnd: unsafeBitCast(end, to: InflateEnd.self)))
    }
}
