/// The classifier's state machine: which report is open, which just closed, which
/// headers were seen.
struct ClassifierMachine {
    let configuration: KernelLogClassifier
    private var builders: [ReportBuilder] = []
    private var openIndex: Int?
    /// The report that just closed with `---[ end trace`, for the lines that follow it
    /// (`note: comm[pid] exited with ...`, `Kernel panic - not syncing`).
    private var trailerIndex: Int?
    private var trailerRemaining = 0
    private var seenHeaders: Set<HeaderKey> = []
    /// In a log with timestamped kernel lines, untimestamped ones are text printed
    /// alongside (firmware, user space on the console), not kernel output.
    private let stampedLog: Bool

    private struct HeaderKey: Hashable {
        var stamp: UInt64
        var isSequence: Bool
        var text: Substring
    }

    init(configuration: KernelLogClassifier, stampedLog: Bool) {
        self.configuration = configuration
        self.stampedLog = stampedLog
    }

    /// Feeds one line: it starts a report, joins or ends the open one, or is ignored.
    mutating func consume(_ line: KernelLogLine) {
        // Messages user space wrote to /dev/kmsg are not kernel reports.
        if let facility = line.facility, facility != 0 { return }
        if stampedLog, !line.isStamped { return }
        let text = trimmed(line.text)

        if let header = ReportHeader.parse(text) {
            consumeHeader(header, line: line, text: text)
            return
        }
        guard let open = openIndex else {
            readTrailer(line, text)
            return
        }
        if closesReport(open, line: line, text: text) { return }

        builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
        builders[open].interpret(text)
        if builders[open].lineCount >= configuration.maximumReportLines {
            closeOpen()
        }
    }

    /// A header line: an echo of one seen before (ignored), part of the open report, the
    /// panic after a closed one, or the start of a new report.
    private mutating func consumeHeader(_ header: ReportHeader, line: KernelLogLine, text: Substring) {
        if let key = headerKey(line, text) {
            // The same header with the same timestamp again: an echo (a log that prints
            // its own summary), not a new report.
            guard seenHeaders.insert(key).inserted else { return }
        }
        if let open = openIndex, builders[open].absorbs(header) {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].absorb(header)
            return
        }
        if header.role == .panicMarker, openIndex == nil, let trailer = trailerIndex, trailerRemaining > 0 {
            builders[trailer].panicked = true
            return
        }
        closeOpen()
        trailerIndex = nil
        var builder = ReportBuilder(header: header, line: line, title: text)
        builder.append(String(line.text), limit: configuration.maximumKeptLines)
        builders.append(builder)
        openIndex = builders.count - 1
    }

    /// Handles the lines that end the open report (`---[ end trace`, a `=====` rule,
    /// `cut here`, slub_debug's `FIX`); true when `text` was one of them.
    private mutating func closesReport(_ open: Int, line: KernelLogLine, text: Substring) -> Bool {
        if text.hasPrefix("---[ end trace") || text.hasPrefix("---[ end Kernel panic") {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].sawClosingLine = true
            closeOpen()
            trailerIndex = open
            trailerRemaining = 40
            return true
        }
        if isRule(text) || (builders[open].kind == .slabCorruption && text.hasPrefix("FIX ")) {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].sawClosingLine = true
            closeOpen()
            return true
        }
        if text.hasPrefix("------------[ cut here ]") {
            if builders[open].continuesThroughCutHere {
                builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            } else {
                closeOpen()
            }
            return true
        }
        return false
    }

    mutating func finish() -> [KernelFinding] {
        closeOpen()
        return builders.map { $0.finding(maximumFrames: configuration.maximumFrames) }
    }

    private mutating func closeOpen() {
        openIndex = nil
    }

    private mutating func readTrailer(_ line: KernelLogLine, _ text: Substring) {
        guard let trailer = trailerIndex, trailerRemaining > 0 else { return }
        trailerRemaining -= 1
        if let rest = text.removingPrefix("note: "), rest.contains(" exited with") {
            builders[trailer].noteKilled = true
        }
    }

    private func headerKey(_ line: KernelLogLine, _ text: Substring) -> HeaderKey? {
        if let micros = line.microseconds { return HeaderKey(stamp: micros, isSequence: false, text: text) }
        if let sequence = line.sequence { return HeaderKey(stamp: sequence, isSequence: true, text: text) }
        return nil
    }

    /// A line of at least 20 `=` (KASAN, UBSAN, lockdep, slub_debug use them around reports).
    private func isRule(_ text: Substring) -> Bool {
        text.count >= 20 && text.allSatisfy { $0 == "=" }
    }

    private func trimmed(_ text: String) -> Substring {
        var result = text[...].drop(while: { $0 == " " || $0 == "\t" })
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
