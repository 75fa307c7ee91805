// mediactl-fuzz: the parsers' fuzz targets (Scripts/fuzz): a libFuzzer binary when built
// with -DMEDIACTL_FUZZ, a replayer of the committed corpora otherwise.
//
// May use: MediaController, KernelLog.
// Imports: FoundationEssentials, KernelLog, MediaController.

import Glibc
import MediaController

/// `mediactl-fuzz`: the fuzz targets of `Scripts/fuzz`.
///
/// Built with `--sanitize=fuzzer -Xswiftc -DMEDIACTL_FUZZ` (Scripts/fuzz), this is a libFuzzer
/// binary: libFuzzer's main runs the target MEDIACTL_FUZZ_TARGET names. Built plainly (the
/// normal `swift build`), it replays files instead: `mediactl-fuzz TARGET PATH...` runs every
/// file under each PATH through the target once, which the unit tests do with the corpora.

/// The target this process fuzzes or replays.
let selectedTarget: FuzzTarget? = {
    getenv("MEDIACTL_FUZZ_TARGET").flatMap { FuzzTarget(rawValue: String(cString: $0)) }
}()

/// Writes to standard error (file descriptor 2).
func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

#if MEDIACTL_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else {
        writeError("mediactl-fuzz: set MEDIACTL_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue))\n")
        exit(2)
    }
    target.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count >= 2 else {
            writeError("usage: mediactl-fuzz TARGET PATH... (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))\n")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(under: path) {
                guard let bytes = read(file) else {
                    writeError("mediactl-fuzz: cannot read \(file)\n")
                    exit(4)
                }
                bytes.withUnsafeBytes { target.run($0) }
                count += 1
            }
        }
        print("\(name): \(count) inputs replayed")
    }

    /// The regular files under a path (the path itself when it is a file), sorted.
    static func files(under path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> [UInt8]? {
        try? TextFile.readBytes(path)
    }
}
#endif
