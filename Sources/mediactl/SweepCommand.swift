import ArgumentParser
import FoundationEssentials
import Glibc
import KernelLog
import MediaController
import MediaStress

/// `mediactl stress sweep`: every ioctl of the UAPI headers, at each of its park points,
/// parked across an unbind, one cell at a time.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Park every ioctl of the media UAPI at each park point across an unbind, one row per cell.",
        discussion: """
            A cell is NAME:POINT[@KIND] of `stress unbind --pin`, or file:OPERATION of its --file-op \
            (run `--list` for them): one cycle holding the pinned node kind or what the \
            operation needs. A row says clean, finding (a kernel splat), \
            contract-deviation, not-applicable (the ioctl returned before its park point, e.g. \
            ENOTTY, or the device has no node of its kind: never counted as clean), device-lost \
            or error. Kernel findings are listed once per signature with the cells that hit \
            them and a reproduction line.

            A finding taints the kernel, so the sweep stops after it: with --resume STATE (read \
            when it exists, written after every cell), run it again in a fresh boot to go on \
            (Scripts/sweep does). Root only, as stress unbind.

            Exit codes: 0 every cell done, none found anything; 1 a finding, contract deviation \
            or error; 2 usage or setup error (a --resume state of another device or kernel); \
            5 stopped after a finding with cells left: resume in a fresh boot.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }

    @OptionGroup var options: StressAccessOptions

    @Option(help: ArgumentHelp("Only the cells matching one of these comma-separated globs, e.g. 'MEDIA_IOC_*,*:inner'.", valueName: "globs"))
    var cells: String?

    @Option(help: ArgumentHelp("The sweep's state: read when it exists, written after every cell.", valueName: "state"))
    var resume: String?

    @Flag(help: "Print the cells and exit.")
    var list = false

    @Option(help: "Output format: text, json (the state) or ktap (a test point per cell); the rows go to stderr as they end for json and ktap.")
    var format: Format = .text

    @Option(parsing: .remaining, help: ArgumentHelp("Print these sweep states as Markdown (Scripts/kernel/SWEEP.md) and exit.", valueName: "states"))
    var markdown: [String] = []

    @Option(help: ArgumentHelp(
        "Run the Kth of N deterministic parts of the cells (every Nth cell from the Kth), e.g. 2/4: one sweep split across machines; --merge joins their states.",
        valueName: "K/N"))
    var shard: String?

    @Option(parsing: .remaining, help: ArgumentHelp(
        "Print these states of one sweep's shards (the same kernel and device) joined into one state (JSON) and exit.",
        valueName: "states"))
    var merge: [String] = []

    @Option(parsing: .remaining, help: ArgumentHelp(
        "Print these sweep states as KCIDB JSON (KernelCI's schema 5.3: a test per cell at mediactl.sweep.CELL) and exit.",
        valueName: "states"))
    var kcidb: [String] = []

    @Option(help: ArgumentHelp(
        "Before --markdown: what the findings mean, keyed by signature (Scripts/kernel/sweep-analysis.tsv); without it SWEEP.md says only what the sweep computed.",
        valueName: "tsv"))
    var analysis: String?

    var patterns: [String] { cells.map { $0.split(separator: ",").map(String.init) } ?? [] }

    func validate() throws {
        if let shard, case .failure(let error) = SweepShard.parse(shard) { throw ValidationError("--shard \(error)") }
        if cells != nil, SweepCell.all(matching: patterns).isEmpty {
            throw ValidationError("--cells \(cells ?? ""): no cell matches; --list prints them")
        }
        if analysis != nil, markdown.isEmpty {
            throw ValidationError("--analysis goes with --markdown, before it: --analysis FILE --markdown STATE...")
        }
        if let resume {
            guard resume != "-" else { throw ValidationError("--resume needs a file: the state is read back and written after every cell") }
            try UnbindCommand.checkWritable(resume, option: "--resume")
            _ = try loadState()
        }
    }

    /// The state --resume names, or nil when there is none yet.
    func loadState() throws -> SweepReport? {
        guard let resume, Glibc.access(resume, F_OK) == 0 else { return nil }
        do {
            return try SweepReport.load(path: resume)
        } catch {
            throw ValidationError("--resume \(error)")
        }
    }

    /// The states --markdown (or --kcidb) names, each labelled by its file name (`kasan-6.12.json`: `kasan-6.12`).
    func markdownStates(_ paths: [String]? = nil, option: String = "--markdown") throws -> [SweepReport] {
        try (paths ?? markdown).map { path in
            let loaded: SweepReport?
            do { loaded = try SweepReport.load(path: path) } catch {
                throw CommandFailure(message: "\(option) \(error)", exitCode: ExitStatus.usage)
            }
            guard var report = loaded else {
                throw CommandFailure(message: "\(option) \(path): not a sweep state (empty: a sweep not started)", exitCode: ExitStatus.usage)
            }
            let file = String(path.split(separator: "/").last ?? "")
            report.label = file.hasSuffix(".json") ? String(file.dropLast(5)) : file
            return report
        }
    }

    /// The --analysis file, or nil without one.
    func loadAnalysis() throws -> SweepAnalysis? {
        guard let analysis else { return nil }
        do {
            return try SweepAnalysis.parse(try TextFile.read(analysis))
        } catch {
            throw CommandFailure(message: "--analysis \(analysis): \(error)", exitCode: ExitStatus.usage)
        }
    }

    func run() throws {
        if !merge.isEmpty {
            let order = SweepCell.all().map(\.name)
            switch SweepReport.merge(try markdownStates(merge, option: "--merge"), order: order) {
            case .success(var merged):
                merged.label = nil
                writeStandardOutput(try JSONRenderer().renderValue(merged))
            case .failure(let error): throw CommandFailure(message: "--merge: \(error)", exitCode: ExitStatus.usage)
            }
            return
        }
        if !kcidb.isEmpty {
            writeStandardOutput(try JSONRenderer().renderValue(SweepKCIDB.document(try markdownStates(kcidb, option: "--kcidb"))))
            return
        }
        if !markdown.isEmpty {
            writeStandardOutput(SweepMarkdown.render(try markdownStates(), analysis: try loadAnalysis()))
            return
        }
        var selected = SweepCell.all(matching: patterns)
        if let shard, case .success(let part) = SweepShard.parse(shard) { selected = part.cells(of: selected) }
        if list {
            writeStandardOutput(selected.map { $0.name + "\n" }.joined())
            return
        }
        let session = try StressSession.open(options, StressConfiguration())
        let environment = session.environment(settleUdev: true)
        let device = session.target.busInfo ?? session.target.deviceName
        var report: SweepReport
        do {
            report = try SweepLoop.start(
                from: try loadState(), device: device, driver: session.target.driver,
                kernelRelease: environment.kernelRelease, cells: selected)
            report.access = options.reproductionArguments
        } catch let error as SweepResumeError {
            session.close()
            throw CommandFailure(message: "--resume \(resume ?? ""): \(error)", exitCode: ExitStatus.usage)
        }
        var loop = SweepLoop { cell, target in
            let engine = session.engine(cell.configuration, target: target)
            return (engine.run(environment: environment), engine.target)
        }
        loop.stopRequested = { session.signals.received }
        try loop.run(&report, on: session.target) { row, state in
            // Progress: on stdout in text, on stderr when stdout is the JSON state.
            if format == .text { writeStandardOutput(SweepRenderer.line(row)) } else { printError(String(SweepRenderer.line(row).dropLast())) }
            if let resume { try writeFile(resume, try JSONRenderer().renderValue(state)) }
        }
        session.close()
        if let resume { try writeFile(resume, try JSONRenderer().renderValue(report)) }
        switch format {
        case .text: writeStandardOutput(SweepRenderer.summary(report))
        case .json: writeStandardOutput(try JSONRenderer().renderValue(report))
        case .ktap: writeStandardOutput(SweepRenderer.ktap(report))
        }
        if report.exitCode != 0 { throw CommandFailure(message: "", exitCode: report.exitCode) }
    }
}
