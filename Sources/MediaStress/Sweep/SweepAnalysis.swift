/// What people found out about sweep findings, keyed by signature: whether the finding was
/// known before, where a fix belongs and why (Scripts/kernel/sweep-analysis.tsv). The sweep
/// computes the rest (the file operation it came in by, whether the v4 series closes it).
package struct SweepAnalysis: Sendable, Equatable {
    /// Whether anyone named the finding before the sweep found it.
    package enum Listed: Sendable, Equatable {
        /// Named before, and where.
        case yes(String)
        /// A new call site of a listed bug, and why it counts as one.
        case sameClass(String)
        /// Nobody named it: SWEEP.md gives it an upstream write-up.
        case no

        package var text: String {
            switch self {
            case .yes(let source): "yes: \(source)"
            case .sameClass(let reason): "same bug, new call site: \(reason)"
            case .no: "no"
            }
        }
    }

    package struct Entry: Sendable, Equatable {
        package var listed: Listed
        /// The function a fix belongs in, and in a few words why.
        package var fixBelongsIn: String
        package var analysis: String
    }

    package var entries: [String: Entry] = [:]

    package init(entries: [String: Entry] = [:]) { self.entries = entries }

    package subscript(signature: String) -> Entry? { entries[signature] }

    /// Parses the TSV: `#` comments and blank lines, then `signature<TAB>listed<TAB>fix<TAB>analysis`
    /// a line, with listed `yes: WHERE`, `class: WHY` or `no`. Throws one line naming the
    /// first bad line.
    package static func parse(_ text: String) throws(SweepAnalysisError) -> SweepAnalysis {
        var analysis = SweepAnalysis()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, !fields[0].isEmpty, !fields[2].isEmpty, !fields[3].isEmpty else {
                throw SweepAnalysisError(line: index + 1, reason: "\(fields.count) fields, not signature, listed, fix-belongs-in, analysis")
            }
            guard let listed = listed(fields[1]) else {
                throw SweepAnalysisError(line: index + 1, reason: "listed is \"\(fields[1])\", not `yes: WHERE`, `class: WHY` or `no`")
            }
            guard analysis.entries[fields[0]] == nil else {
                throw SweepAnalysisError(line: index + 1, reason: "a second line for \(fields[0])")
            }
            analysis.entries[fields[0]] = Entry(listed: listed, fixBelongsIn: fields[2], analysis: fields[3])
        }
        return analysis
    }

    private static func listed(_ field: String) -> Listed? {
        if field == "no" { return .no }
        for (prefix, make) in [("yes: ", Listed.yes), ("class: ", Listed.sameClass)] where field.hasPrefix(prefix) {
            let rest = String(field.dropFirst(prefix.count))
            return rest.isEmpty ? nil : make(rest)
        }
        return nil
    }
}

/// A line of a sweep analysis file that cannot be read.
package struct SweepAnalysisError: Error, Equatable, CustomStringConvertible {
    package var line: Int
    package var reason: String

    package var description: String { "line \(line): \(reason)" }
}
