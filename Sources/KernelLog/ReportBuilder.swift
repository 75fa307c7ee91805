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
        if header.role == .warningMarker { warningSymbol = header.symbol; headerSymbol = nil }
        if header.kind == .panic { panicked = true }
    }

    /// Whether `next`, a header that arrived while this report is open, belongs to it.
    func absorbs(_ next: ReportHeader) -> Bool {
        if next.role == .panicMarker { return true }
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
