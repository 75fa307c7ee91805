/// Character classes the kmsg and console parsers share.
extension Character {
    var isKernelLogDigit: Bool { isASCII && isNumber }
}

/// `\n` or `\r\n` (one Character in Swift), so console captures with CRLF line ends split too.
func isLineBreak(_ character: Character) -> Bool {
    character == "\n" || character == "\r\n"
}
