/// Small text helpers the header and line parsers share.

/// Splits `comm:pid` / `comm/pid` at the last separator; comm may itself hold separators
/// (`kworker/0:1:123`).
func splitTaskPid(_ text: some StringProtocol, separator: Character) -> (String?, Int?) {
    let text = Substring(text)
    guard let index = text.lastIndex(of: separator),
          let pid = Int(text[text.index(after: index)...]) else {
        return (text.isEmpty ? nil : String(text), nil)
    }
    let task = text[..<index]
    return (task.isEmpty ? nil : String(task), pid)
}

extension Substring {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    func removingPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
