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
