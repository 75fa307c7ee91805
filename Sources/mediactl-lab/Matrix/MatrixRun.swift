import MediaController

/// Everything MATRIX.md says about one run of Scripts/matrix: the kernels (rows), the
/// scenarios (columns), every cell judged against expected.tsv, and the step times.
struct MatrixRun: Sendable {
    struct Kernel: Sendable, Equatable {
        var label: String
        /// A Debian kernel (booted by --debian-route, no KASAN), or one Scripts/kernel/build made.
        var isDebian: Bool
        /// Its release and how it was made, one line.
        var info: String
        /// Why it could not be made; nil when it was.
        var unavailable: String?
    }

    struct Scenario: Sendable, Equatable {
        var name: String
        /// The `mediactl stress unbind` options of the scenario (`--pin device-info`).
        var arguments: String
        /// Modules the cell's boot loads besides vimc (`?kmemleak-test`: where the kernel has it).
        var modules: String = ""
    }

    var kernels: [Kernel]
    var scenarios: [Scenario]
    var cells: [MatrixKey: JudgedCell]
    /// The expectations' file name, as the text names it (`expected.tsv`).
    var expectedName: String
    /// How the Debian kernels were booted: `initramfs` or `virtme-ng`.
    var debianRoute: String
    /// `2026-12-01`, and the commit mediactl was built at.
    var date: String
    var commit: String
    /// Seconds per step (setup, mediactl, kernels, cells), as printed ("5.4").
    var stepSeconds: [String: String]

    /// The cells in table order: by kernel, then scenario.
    var orderedCells: [JudgedCell] {
        kernels.flatMap { kernel in scenarios.compactMap { cells[MatrixKey(kernel: kernel.label, scenario: $0.name)] } }
    }

    var disagreements: Int { cells.values.filter(\.disagrees).count }
    var withoutExpectation: Int { cells.values.filter { $0.agreement == .notCompared }.count }
}

/// Reading a run's directory (.build-vm/matrix) as Scripts/matrix leaves it.
extension MatrixRun {
    /// The scenarios table (Scripts/kernel/scenarios.tsv): `name<TAB>arguments[<TAB>modules]` a line.
    static func scenarioTable(_ text: String) throws(LabInputError) -> [Scenario] {
        try rows(text, fields: 2...3, naming: "name, arguments and modules").map {
            Scenario(name: $0[0], arguments: $0[1], modules: $0.count == 3 ? $0[2] : "")
        }
    }

    /// The kernels file Scripts/matrix writes: `label<TAB>debian|built<TAB>info<TAB>unavailable`.
    static func kernelTable(_ text: String) throws(LabInputError) -> [Kernel] {
        try rows(text, fields: 4, naming: "label, debian or built, info, unavailable").map {
            Kernel(label: $0[0], isDebian: $0[1] == "debian", info: $0[2], unavailable: $0[3].isEmpty ? nil : $0[3])
        }
    }

    /// `name<TAB>value` lines (the step times).
    static func pairs(_ text: String) throws(LabInputError) -> [String: String] {
        Dictionary(try rows(text, fields: 2, naming: "name, value").map { ($0[0], $0[1]) }) { _, last in last }
    }

    /// Tab-separated rows of exactly `fields` fields, the first not empty; `#` comments
    /// and blank lines skipped.
    static func rows(_ text: String, fields count: Int, naming: String) throws(LabInputError) -> [[String]] {
        try rows(text, fields: count...count, naming: naming)
    }

    /// Tab-separated rows of `counts` fields, the first not empty.
    static func rows(_ text: String, fields counts: ClosedRange<Int>, naming: String) throws(LabInputError) -> [[String]] {
        var rows: [[String]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard counts.contains(fields.count), !fields[0].isEmpty else {
                throw LabInputError(line: index + 1, reason: "\(fields.count) fields, not \(naming)")
            }
            rows.append(fields)
        }
        return rows
    }

    /// The cell `directory/KERNEL/SCENARIO.*` holds: `.cell` is `EXIT<TAB>WALL` of its
    /// boot, `.json` the report (missing or unreadable: no report).
    static func cell(_ key: MatrixKey, in directory: String) throws(LabFileError) -> MatrixCell {
        let base = "\(directory)/\(key.kernel)/\(key.scenario)"
        let record = try LabFileError.read(base + ".cell").split(separator: "\t").map { String($0.filter { !$0.isWhitespace }) }
        guard record.count == 2, let status = Int32(record[0]) else {
            throw LabFileError(path: base + ".cell", reason: "not EXIT<TAB>WALL")
        }
        let summary = (try? TextFile.read(base + ".json")).flatMap(MatrixCell.summary(json:))
        return MatrixCell(key, summary: summary, exitStatus: status, wall: record[1])
    }
}

/// A file of the lab that is missing or cannot be read.
struct LabFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "\(path): \(reason)" }

    static func read(_ path: String) throws(LabFileError) -> String {
        do { return try TextFile.read(path) } catch { throw LabFileError(path: path, reason: "\(error)") }
    }
}
