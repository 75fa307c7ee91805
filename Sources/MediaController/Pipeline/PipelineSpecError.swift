/// A spec (media-ctl `-l` or `-V` syntax) that cannot be parsed or does not fit the
/// device: what is wrong and where, as a column in the spec, so it can be shown with a
/// caret under the offending character.
public struct PipelineSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as a sentence fragment without the position.
    public var message: String
    /// The whole spec (one line of a pipeline file, or one command-line argument).
    public var text: String
    /// The UTF-8 offset in `text` of the offending character (`text.utf8.count` at the end).
    public var offset: Int
    /// The line of a pipeline file the spec came from; nil for a command-line argument.
    public var line: Int?

    public init(message: String, text: String, offset: Int, line: Int? = nil) {
        self.message = message
        self.text = text
        self.offset = max(0, min(offset, text.utf8.count))
        self.line = line
    }

    /// The 1-based column of the offending character, counted in characters.
    public var column: Int {
        String(decoding: Array(text.utf8).prefix(offset), as: UTF8.self).count + 1
    }

    /// `column 12: no entity named "Foo"`, or `3:12: ...` with a line number.
    public var description: String {
        "\(location(file: nil)): \(message)"
    }

    /// Where the error is: `column N`, `LINE:COLUMN` or `FILE:LINE:COLUMN`.
    public func location(file: String?) -> String {
        guard let line else { return "column \(column)" }
        return (file.map { "\($0):" } ?? "") + "\(line):\(column)"
    }

    /// The error as two lines: `LOCATION: MESSAGE: TEXT` and a caret line that points at
    /// the offending character of TEXT when both lines are printed after `indent`
    /// characters (e.g. the width of a `mediactl: ` prefix on the first line only).
    public func diagnostic(file: String? = nil, indent: Int = 0) -> (line: String, caret: String) {
        let shown = text.map { $0 == "\t" ? " " : $0 }
        let head = "\(location(file: file)): \(message): "
        let caretColumn = indent + head.count + column - 1
        return (head + String(shown), String(repeating: " ", count: caretColumn) + "^")
    }
}
