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

    /// Removes compiler suffixes: `__mutex_lock.constprop.0` -> `__mutex_lock`.
    static func normalizedFunction(_ name: some StringProtocol) -> String {
        if let dot = name.firstIndex(of: "."), dot > name.startIndex { return String(name[..<dot]) }
        return String(name)
    }

    var frame: StackFrame { StackFrame(function: function, module: module) }
}
