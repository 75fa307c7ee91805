import ArgumentParser
import FoundationEssentials
import MediaController
import MediaStress

/// `mediactl-lab sweep`: what Scripts/sweep does with the states the guests send back.
struct SweepLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Read and update the sweep states Scripts/sweep collects.",
        subcommands: [Cells.self, Tally.self, Reproductions.self, Reproduced.self, Check.self])

    static func load(_ path: String) throws -> SweepReport {
        let state: SweepReport?
        do { state = try SweepReport.load(path: path) } catch { throw LabFailure(message: "\(error)") }
        guard let state else { throw LabFailure(message: "\(path): not a sweep state (empty: a sweep not started)") }
        return state
    }

    static func save(_ state: SweepReport, to path: String) throws {
        let text: String
        do { text = try JSONRenderer().renderValue(state) } catch { throw LabFailure(message: "\(path): \(error)", exitCode: 1) }
        do { try TextFile.write(text, to: path) } catch { throw LabFailure(message: "\(path): \(error)", exitCode: 1) }
    }

    /// The cells an expectations file names, comma-separated: the reduced sweep's --cells.
    struct Cells: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cells an expectations file names, comma-separated.")
        @Argument(help: ArgumentHelp("The expectations (Scripts/kernel/sweep-expected.tsv).", valueName: "tsv"))
        var expected: String

        func run() throws {
            try reporting {
                let cells = SweepExpectation.cells(try parse(expected, SweepExpectation.parse))
                guard !cells.isEmpty else { throw LabFailure(message: "\(expected) names no cell") }
                print(cells.joined(separator: ","))
            }
        }
    }

    /// `150 clean, 3 finding`: exit 2 when the file is not a sweep state.
    struct Tally: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a state's count of rows by result; exit 2 when it is not a state.")
        @Argument var state: String

        func run() throws {
            try reporting {
                print(try SweepLabCommand.load(state).tallyText)
            }
        }
    }

    /// Per distinct finding: `INDEX<TAB>ARGUMENTS`, the options of `mediactl` that reproduce it alone.
    struct Reproductions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each finding's index and the mediactl arguments that reproduce it.")
        @Argument var state: String

        func run() throws {
            try reporting {
                for (index, finding) in try SweepLabCommand.load(state).findings.enumerated() {
                    print("\(index)\t\(finding.reproduction.split(separator: " ").dropFirst().joined(separator: " "))")
                }
            }
        }
    }

    /// Records in the state whether a reproduction's report found its finding again.
    struct Reproduced: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record whether finding INDEX's reproduction found its signature again.")
        @Argument var state: String
        @Argument var index: Int
        @Argument(help: ArgumentHelp("The reproduction's JSON report (missing or empty: not reproduced).", valueName: "report"))
        var report: String

        func run() throws {
            try reporting {
                var sweep = try SweepLabCommand.load(state)
                guard sweep.findings.indices.contains(index) else {
                    throw LabFailure(message: "\(state) has \(sweep.findings.count) findings, no \(index)")
                }
                let found = SweepReproduction.found(
                    sweep.findings[index].signature, inReport: (try? TextFile.read(report)) ?? "", driver: sweep.driver)
                sweep.findings[index].reproduced = found
                try SweepLabCommand.save(sweep, to: state)
                print("\(sweep.findings[index].headline): alone in a fresh boot: \(found ? "reproduced" : "NOT reproduced")")
            }
        }
    }

    /// Every expected row against the states of `--dir`: exit 1 when one disagrees.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the states of the kernels with the expectations; exit 1 on any disagreement, or on a tool cell of vimc, vivid or vim2m.")
        @Option(help: ArgumentHelp("The expectations (Scripts/kernel/sweep-expected.tsv).", valueName: "tsv"))
        var expected: String
        @Option(help: ArgumentHelp("Where the states are: DIR/KERNEL-DRIVER.json.", valueName: "dir"))
        var dir: String
        @Option var driver = "vimc"
        @Argument(help: "The kernels swept: rows of other kernels are not compared.")
        var kernels: [String]

        func run() throws {
            try reporting {
                var disagree = 0
                for row in try parse(expected, SweepExpectation.parse) where kernels.contains(row.kernel) {
                    let state = try? SweepReport.load(path: "\(dir)/\(row.kernel)-\(driver).json")
                    if let why = row.disagreement(with: state ?? nil, driver: driver) {
                        printError("sweep: DISAGREES \(row.kernel) \(driver) \(row.cell): \(why)")
                        disagree += 1
                    }
                }
                for kernel in kernels {
                    guard let state = (try? SweepReport.load(path: "\(dir)/\(kernel)-\(driver).json")) ?? nil,
                        let failure = SweepToolGate.failure(state)
                    else { continue }
                    printError("sweep: TOOL GATE \(kernel) \(driver): \(failure)")
                    disagree += 1
                }
                if disagree > 0 { throw LabFailure(message: "", exitCode: 1) }
                print("sweep: every row agrees with \(expected)")
            }
        }
    }
}
