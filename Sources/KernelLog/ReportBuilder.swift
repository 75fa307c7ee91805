/// A report being read, line by line.
struct ReportBuilder {
    enum Section { case none, main, allocation, free, other }

    var header: ReportHeader
    var title: String
    var firstSequence: UInt64?
    var firstMicroseconds: UInt64?

    var kind: FindingKind
    var detail: String?
    var headerSymbol: ParsedSymbol?
    var warningSymbol: ParsedSymbol?
    var ripSymbol: ParsedSymbol?
    var location: String?
    var faultAddress: String?
    var task: String?
    var pid: Int?
    var cpu: Int?
    var taintFlags: String?
    var access: MemoryAccess?
    var slabCache: String?
    var isOops: Bool
    var noteKilled = false
    var panicked = false

    var section: Section = .none
    var traceStarted = false
    var traceEnded = false
    var sawTaskMarkers = false
    var mainFrames: [StackFrame] = []
    var allocationPid: Int?
    var allocationFrames: [StackFrame]?
    var freePid: Int?
    var freeFrames: [StackFrame]?

    /// The functions of lockdep's `at: FUNC` lines, the first two.
    var lockFunctions: [String] = []
    /// The functions a title reads: the first call trace's reliable frames, arm's callers too,
    /// and the frames after a `Code:` line that interrupted it (a WARNING before 5.x).
    var titleFrames: [String] = []
    var traceEndedByCode = false
    /// The frames under lockdep's `which became SOFTIRQ-unsafe at:` (nil until that line).
    var unsafeOrderFrames: [String]?
    var readingUnsafeOrder = false
    /// The location of the `WARNING:` line (the header's or one absorbed).
    var warningLocation: String?
    /// A `kernel BUG at` line joined this report (list corruption, refcount).
    var absorbedKernelBug = false

    var lines: [String] = []
    var lineCount = 0
    var omitted = 0
    var sawClosingLine = false

    init(header: ReportHeader, line: KernelLogLine, title: Substring) {
        self.header = header
        self.title = String(title)
        firstSequence = line.sequence
        firstMicroseconds = line.microseconds
        kind = header.kind
        detail = header.detail
        headerSymbol = header.symbol
        location = header.location
        faultAddress = header.faultAddress
        task = header.task
        pid = header.pid
        cpu = header.cpu
        isOops = header.isOops
        if header.role == .warningMarker {
            warningSymbol = header.symbol
            headerSymbol = nil
            warningLocation = header.location
        }
        if header.kind == .panic { panicked = true }
    }

    /// Whether `next`, a header that arrived while this report is open, belongs to it.
    func absorbs(_ next: ReportHeader) -> Bool {
        if next.role == .panicMarker { return true }
        // syzkaller's `BUG: memory leak`, then kmemleak's block: one report.
        if kind == .memoryLeak, next.kind == .memoryLeak, lineCount == 1, title.contains("BUG: memory leak") { return true }
        guard !traceStarted, lineCount <= 20 else { return false }
        switch next.role {
        case .oopsMarker:
            return header.source == .other && kind != .warning && kind != .lockdep && kind != .hungTask
        case .warningMarker, .kernelBugMarker:
            return kind == .refcount || kind == .listCorruption
        case .primary, .panicMarker:
            return false
        }
    }

    mutating func absorb(_ next: ReportHeader) {
        switch next.role {
        case .panicMarker:
            panicked = true
        case .oopsMarker:
            isOops = true
        case .warningMarker, .kernelBugMarker:
            if next.role == .kernelBugMarker { absorbedKernelBug = true } else { warningLocation = warningLocation ?? next.location }
            if warningSymbol == nil { warningSymbol = next.symbol }
            location = location ?? next.location
            pid = pid ?? next.pid
            cpu = cpu ?? next.cpu
            task = task ?? next.task
        case .primary:
            break
        }
    }

    /// A `------------[ cut here ]------------` line ends the report unless the report is a
    /// refcount/list-corruption message still waiting for its WARNING or BUG.
    var continuesThroughCutHere: Bool {
        !traceStarted && lineCount <= 20 && (kind == .refcount || kind == .listCorruption)
    }

    mutating func append(_ text: String, limit: Int) {
        lineCount += 1
        if lines.count < limit { lines.append(text) } else { omitted += 1 }
    }
}
