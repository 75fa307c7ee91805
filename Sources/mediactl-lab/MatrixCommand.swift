import ArgumentParser
import Glibc
import MediaController

/// `mediactl-lab matrix`: Scripts/matrix's cells, judged against expected.tsv, and MATRIX.md.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix", abstract: "Judge the kernel matrix's cells and write MATRIX.md.",
        subcommands: [Cell.self, Render.self])

    /// Where a run's files are and what they are compared with.
    struct Inputs: ParsableArguments {
        @Option(help: ArgumentHelp("The run's directory: KERNEL/SCENARIO.{cell,json,stderr}, kernels.tsv, steps.tsv.", valueName: "dir"))
        var dir: String

        @Option(help: ArgumentHelp("The expectations (Scripts/kernel/expected.tsv).", valueName: "tsv"))
        var expected: String

        func expectations(_ command: some ParsableCommand) throws -> [MatrixKey: MatrixExpectation] {
            try command.parse(expected, MatrixExpectation.parse)
        }
    }

    /// One cell as it ends: its line of progress, and the end of its stderr when no report came back.
    struct Cell: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one cell's verdict compared with its expectation.")

        @OptionGroup var inputs: Inputs
        @Argument var kernel: String
        @Argument var scenario: String

        func run() throws {
            try reporting {
                let key = MatrixKey(kernel: kernel, scenario: scenario)
                let cell: MatrixCell
                do { cell = try MatrixRun.cell(key, in: inputs.dir) } catch { throw LabFailure(message: "\(error)") }
                if !cell.hasReport {
                    let stderrPath = "\(inputs.dir)/\(kernel)/\(scenario).stderr"
                    print("\(kernel) / \(scenario): no stress report (exit \(cell.exitStatus)); last lines of \(stderrPath):")
                    let lines = ((try? TextFile.read(stderrPath)) ?? "").split(separator: "\n").suffix(3)
                    for line in lines { print("      \(line)") }
                }
                print(JudgedCell(cell, expectation: try inputs.expectations(self)[key]).line)
            }
        }
    }

    /// Every cell of the run, judged; MATRIX.md; exit 1 when any cell disagrees.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write MATRIX.md of a run; exit 1 when a cell disagrees.")

        @OptionGroup var inputs: Inputs

        @Option(help: ArgumentHelp("The scenarios and their stress options (Scripts/kernel/scenarios.tsv).", valueName: "tsv"))
        var table: String

        @Option(help: ArgumentHelp("The columns, comma-separated, in order (default: the table's).", valueName: "names"))
        var scenarios: String?

        @Option(help: "How the Debian kernels were booted.")
        var debianRoute = "initramfs"

        @Option(help: "The commit mediactl was built at.")
        var commit = "?"

        @Option(help: "The date the table names (default: today, UTC).")
        var date: String?

        @Option(help: ArgumentHelp("Where MATRIX.md goes.", valueName: "file"))
        var out: String

        func run() throws {
            try reporting {
                let run = try load()
                try write(MatrixMarkdown.render(run), to: out)
                let without = run.withoutExpectation == 0 ? "" : ", \(run.withoutExpectation) without an expectation"
                print("matrix: wrote \(out): \(run.disagreements) cell(s) disagree with \(run.expectedName)\(without)")
                if run.disagreements > 0 { throw LabFailure(message: "", exitCode: 1) }
            }
        }

        func load() throws -> MatrixRun {
            let table = try parse(table, MatrixRun.scenarioTable)
            var chosen = table
            if let scenarios {
                chosen = try scenarios.split(separator: ",").map { name in
                    guard let scenario = table.first(where: { $0.name == name }) else {
                        throw LabFailure(message: "unknown scenario '\(name)' (\(table.map(\.name).joined(separator: " ")))")
                    }
                    return scenario
                }
            }
            let kernels = try parse(inputs.dir + "/kernels.tsv", MatrixRun.kernelTable)
            let expectations = try inputs.expectations(self)
            var cells: [MatrixKey: JudgedCell] = [:]
            for kernel in kernels {
                for scenario in chosen {
                    let key = MatrixKey(kernel: kernel.label, scenario: scenario.name)
                    if let reason = kernel.unavailable {
                        cells[key] = JudgedCell(noKernel: key, reason: reason, expectation: expectations[key])
                        continue
                    }
                    do { cells[key] = JudgedCell(try MatrixRun.cell(key, in: inputs.dir), expectation: expectations[key]) } catch {
                        throw LabFailure(message: "\(error)")
                    }
                }
            }
            return MatrixRun(
                kernels: kernels, scenarios: chosen, cells: cells,
                expectedName: String(inputs.expected.split(separator: "/").last ?? ""), debianRoute: debianRoute,
                date: date ?? Self.today(), commit: commit,
                stepSeconds: try parse(inputs.dir + "/steps.tsv", MatrixRun.pairs))
        }

        static func today() -> String {
            var now = time(nil)
            var parts = tm()
            gmtime_r(&now, &parts)
            return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
        }

        static func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    }
}
