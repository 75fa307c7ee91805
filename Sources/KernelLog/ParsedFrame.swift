/// A call-trace line: ` media_device_ioctl+0x16e/0x1b0 [mc]`, ` ? sigprocmask+0x9e/0xd0`,
/// ` [<ffffffff8108a3b5>] func+0x1/0x2`.
struct ParsedFrame {
    var frame: StackFrame
    var isReliable: Bool

    static func parse(_ text: Substring) -> ParsedFrame? {
        var rest = text.drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("[<") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " })
        }
        var reliable = true
        if rest.hasPrefix("? ") {
            reliable = false
            rest = rest.dropFirst(2)
        }
        guard let symbol = ParsedSymbol.parse(rest) else { return nil }
        return ParsedFrame(frame: symbol.frame, isReliable: reliable)
    }
}
