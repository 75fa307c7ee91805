/// A call-trace line: ` media_device_ioctl+0x16e/0x1b0 [mc]`, ` ? sigprocmask+0x9e/0xd0`,
/// ` [<ffffffff8108a3b5>] func+0x1/0x2`, arm's `[<c01f3218>] (seq_vprintf) from [<c01f32a0>] (seq_printf+0x3c/0x5c)`
/// and ` unwind_backtrace from show_stack+0x10/0x14`, a decoded ` func (drivers/x.c:12) mod`.
struct ParsedFrame {
    var frame: StackFrame
    var isReliable: Bool
    /// arm: the caller the line names after ` from `.
    var caller: String?

    static func parse(_ text: Substring) -> ParsedFrame? {
        var rest = ParsedSymbol.droppingAddresses(text)
        var reliable = true
        if rest.hasPrefix("? ") {
            reliable = false
            rest = rest.dropFirst(2)
        }
        if let from = rest.firstRange(of: " from ") {
            // arm: the line names the function and its caller; the function is this frame.
            var callee = rest[..<from.lowerBound]
            if callee.first == "(", callee.last == ")" { callee = callee.dropFirst().dropLast() }
            let name = callee.prefix(while: { $0 != "+" })
            guard let first = name.first, first.isLetter || first == "_",
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
            else { return nil }
            var callerText = ParsedSymbol.droppingAddresses(rest[from.upperBound...])
            if callerText.first == "(" { callerText = callerText.dropFirst() }
            let caller = callerText.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            return ParsedFrame(frame: StackFrame(function: ParsedSymbol.normalizedFunction(name)), isReliable: reliable,
                               caller: caller.isEmpty ? nil : String(caller))
        }
        guard let symbol = ParsedSymbol.parse(rest) ?? ParsedSymbol.parseDecoded(rest) else { return nil }
        return ParsedFrame(frame: symbol.frame, isReliable: reliable)
    }
}
