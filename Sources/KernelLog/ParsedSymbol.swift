/// `__mutex_lock.constprop.0+0x5f5/0x6f0 [mc]` -> `__mutex_lock`, `+0x5f5/0x6f0`, `mc`.
struct ParsedSymbol: Equatable {
    var function: String
    var offset: String
    var module: String?

    /// Parses a symbol token at the start of `text`, with an optional ` [module]` after it.
    static func parse(_ text: Substring) -> ParsedSymbol? {
        let text = text.drop(while: { $0 == " " || $0 == "\t" })
        let tokenEnd = text.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "," }) ?? text.endIndex
        let token = text[..<tokenEnd]
        guard let plus = token.firstRange(of: "+0x") else { return nil }
        let name = token[..<plus.lowerBound]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "$") })
        else { return nil }
        let offsetText = token[plus.lowerBound...]
        let hexRun = offsetText.dropFirst(3).prefix(while: \.isHexDigit)
        guard !hexRun.isEmpty else { return nil }
        var offset = "+0x" + hexRun
        let afterHex = offsetText.dropFirst(3 + hexRun.count)
        if afterHex.hasPrefix("/0x") {
            let size = afterHex.dropFirst(3).prefix(while: \.isHexDigit)
            offset += "/0x" + size
        }
        var module: String?
        let after = text[tokenEnd...].drop(while: { $0 == " " || $0 == "\t" || $0 == "," })
        if after.first == "[", let close = after.firstIndex(of: "]") {
            let inside = after[after.index(after: after.startIndex)..<close]
            if let word = inside.split(separator: " ").first,
               word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                module = String(word)
            }
        }
        return ParsedSymbol(function: normalizedFunction(name), offset: offset, module: module)
    }

    /// `[<ffffffff8108a3b5>]  [<ffffffff8108a3b5>] func+0x1/0x2` -> `func+0x1/0x2`; a `0010:` segment too.
    static func droppingAddresses(_ text: Substring) -> Substring {
        var rest = text.drop(while: { $0 == " " || $0 == "\t" })
        while rest.hasPrefix("[<"), let close = rest.firstIndex(of: "]") {
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " || $0 == "\t" })
        }
        return rest
    }

    /// A symbolized frame without offset: `media_device_ioctl (drivers/media/mc/mc-device.c:448) mc`
    /// (scripts/decode_stacktrace.sh) or `__dump_stack lib/dump_stack.c:94 [inline]` (syzbot).
    static func parseDecoded(_ text: Substring) -> ParsedSymbol? {
        let text = text.drop(while: { $0 == " " || $0 == "\t" })
        guard let space = text.firstIndex(of: " ") else { return nil }
        let name = text[..<space]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
        else { return nil }
        var location = text[text.index(after: space)...]
        var module: String?
        if location.first == "(", let close = location.firstIndex(of: ")") {
            let after = location[location.index(after: close)...].drop(while: { $0 == " " })
            if !after.isEmpty, after.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) { module = String(after) }
            location = location[location.index(after: location.startIndex)..<close]
        } else {
            location = location.prefix(while: { $0 != " " })
        }
        guard let colon = location.lastIndex(of: ":"), location[..<colon].contains("."),
              let digit = location[location.index(after: colon)...].first, digit.isKernelLogDigit
        else { return nil }
        return ParsedSymbol(function: normalizedFunction(name), offset: "", module: module)
    }

    /// Removes compiler suffixes: `__mutex_lock.constprop.0` -> `__mutex_lock`.
    static func normalizedFunction(_ name: some StringProtocol) -> String {
        if let dot = name.firstIndex(of: "."), dot > name.startIndex { return String(name[..<dot]) }
        return String(name)
    }

    var frame: StackFrame { StackFrame(function: function, module: module) }
}
