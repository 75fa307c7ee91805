import MediaStress

/// One row of Scripts/kernel/expected.tsv: the verified outcome of one cell of the matrix.
struct MatrixExpectation: Sendable, Equatable {
    var kernel: String
    var scenario: String
    /// The stress report's verdict: `clean` or `finding`.
    var verdict: String
    /// Classes of bug a clean cell must name as blind spots (`clean (blind to memory leaks)`
    /// in the file): a kernel that cannot see what another row finds says so, or disagrees.
    var blindTo: [String] = []
    /// The exact set of finding kinds (empty for `-`).
    var kinds: [String]
    /// Faulting functions that must all be among the cell's (empty for `-`: no requirement).
    var functions: [String]
    /// Where the expectation comes from (`R`, `B`, `A`, ...: the file's header says).
    var source: String

    /// The expectations of a TSV, by kernel and scenario: `#` comments and blank lines, then
    /// `kernel<TAB>scenario<TAB>verdict<TAB>kinds<TAB>functions<TAB>source` a line, kinds and
    /// functions comma-separated or `-`. Throws one line naming the first bad line.
    static func parse(_ text: String) throws(LabInputError) -> [MatrixKey: MatrixExpectation] {
        var expectations: [MatrixKey: MatrixExpectation] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, fields.prefix(3).allSatisfy({ !$0.isEmpty }) else {
                throw LabInputError(line: index + 1, reason: "\(fields.count) fields, not kernel, scenario, verdict, kinds, functions, source")
            }
            let key = MatrixKey(kernel: fields[0], scenario: fields[1])
            guard expectations[key] == nil else {
                throw LabInputError(line: index + 1, reason: "a second line for \(fields[0]) \(fields[1])")
            }
            var verdict = fields[2], blindTo: [String] = []
            if let open = verdict.firstRange(of: " (blind to "), verdict.hasSuffix(")") {
                blindTo = list(String(verdict[open.upperBound..<verdict.index(before: verdict.endIndex)]))
                verdict = String(verdict[..<open.lowerBound])
            }
            expectations[key] = MatrixExpectation(
                kernel: fields[0], scenario: fields[1], verdict: verdict, blindTo: blindTo,
                kinds: list(fields[3]), functions: list(fields[4]), source: fields[5])
        }
        return expectations
    }

    /// A comma-separated field; `-` and empty are none.
    static func list(_ field: String) -> [String] {
        field == "-" ? [] : field.split(separator: ",").map(String.init)
    }

    /// Why `cell` disagrees with this expectation (each reason once, in order), empty when
    /// it agrees: another verdict, another set of kinds, a required function not found, a
    /// blind spot the report does not name.
    func disagreements(with cell: MatrixCell) -> [String] {
        var reasons: [String] = []
        if cell.verdict != verdict { reasons.append("verdict \(cell.verdict), expected \(verdict)") }
        let got = Set(cell.kinds).sorted()
        let want = Set(kinds).sorted()
        if got != want {
            reasons.append("kinds {\(got.joined(separator: ","))}, expected {\(want.joined(separator: ","))}")
        }
        for function in functions where !cell.functions.contains(function) {
            reasons.append("no finding in \(function)")
        }
        for bug in blindTo where cell.summary?.blindTo?.contains(bug) != true {
            reasons.append("does not say it was blind to \(bug)")
        }
        return reasons
    }

    /// The expectation as MATRIX.md's "expected" column writes it: `finding: kinds in
    /// functions [source]`, every comma followed by a space (the source's own commas too).
    var text: String {
        var text = verdict
        if !blindTo.isEmpty { text += " (blind to " + blindTo.joined(separator: ",") + ")" }
        if !kinds.isEmpty { text += ": " + kinds.joined(separator: ",") }
        if !functions.isEmpty { text += " in " + functions.joined(separator: ",") }
        text += " [\(source)]"
        return text.split(separator: ",", omittingEmptySubsequences: false).joined(separator: ", ")
    }
}

/// A cell's place in the matrix: its row (kernel) and column (scenario).
struct MatrixKey: Sendable, Hashable {
    var kernel: String
    var scenario: String
}

/// A line of an input file of the lab that cannot be read.
struct LabInputError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var reason: String

    var description: String { "line \(line): \(reason)" }
}
