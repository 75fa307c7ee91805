/// The value of one `KEY=value` line of a uevent file.
/// Scans the UTF-8 bytes: `split` into `[Substring]` instantiates generic metadata at run
/// time, hundreds of thousands of instructions on the first call of a process
/// (Scripts/bench/RESULTS.md), and the topology resolves a dozen nodes through here.
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
