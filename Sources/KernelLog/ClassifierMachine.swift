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
    /// The headers seen, to tell an echo from a new report: the last `rememberedHeaders`
    /// of them, oldest first in `seenOrder` from `seenStart`, so a long log does not grow it.
    private var seenHeaders: Set<HeaderKey> = []
    private var seenOrder: [HeaderKey] = []
    private var seenStart = 0
    static let rememberedHeaders = 1024
    /// In a log with timestamped kernel lines, untimestamped ones are text printed
    /// alongside (firmware, user space on the console), not kernel output.
    private let stampedLog: Bool

    private struct HeaderKey: Hashable {
        var stamp: UInt64
        var isSequence: Bool
        /// The header's first 512 characters, copied (a key must not keep its line alive).
        var text: String
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
            guard remember(key) else { return }
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

    /// The findings of the reports that can no longer change (closed, and past the lines
    /// that may still mark them panicked or killed), oldest first, taken out of the
    /// machine: what it holds stays one report or two, however long the log.
    mutating func drainFinished() -> [KernelFinding] {
        var finished = builders.count
        if let openIndex { finished = min(finished, openIndex) }
        if let trailerIndex, trailerRemaining > 0 { finished = min(finished, trailerIndex) }
        guard finished > 0 else { return [] }
        let findings = builders[..<finished].map { $0.finding(maximumFrames: configuration.maximumFrames) }
        builders.removeFirst(finished)
        openIndex = openIndex.map { $0 - finished }
        trailerIndex = trailerIndex.flatMap { $0 >= finished ? $0 - finished : nil }
        return findings
    }

    /// How many reports the machine holds (open, closed and not yet drained).
    var heldReports: Int { builders.count }

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
        if let micros = line.microseconds { return HeaderKey(stamp: micros, isSequence: false, text: String(text.prefix(512))) }
        if let sequence = line.sequence { return HeaderKey(stamp: sequence, isSequence: true, text: String(text.prefix(512))) }
        return nil
    }

    /// Remembers `key`; false when it was remembered already. The oldest key is forgotten
    /// past `rememberedHeaders`.
    private mutating func remember(_ key: HeaderKey) -> Bool {
        guard seenHeaders.insert(key).inserted else { return false }
        seenOrder.append(key)
        if seenOrder.count - seenStart > Self.rememberedHeaders {
            seenHeaders.remove(seenOrder[seenStart])
            seenStart += 1
            if seenStart >= Self.rememberedHeaders {
                seenOrder.removeFirst(seenStart)
                seenStart = 0
            }
        }
        return true
    }

    /// How many header keys the machine remembers.
    var rememberedHeaderCount: Int { seenHeaders.count }

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
