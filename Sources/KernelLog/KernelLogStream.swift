/// Classifies a kernel log of any size from its bytes, chunk by chunk, in bounded memory:
/// `mediactl klog` feeds it what `TextFile.readChunks` reads and asks for the report at
/// the end. What it holds at any time: the unfinished line (at most `maximumLineBytes`),
/// the look-ahead for the format decision (at most `lookaheadLines` lines and
/// `lookaheadBytes` bytes), the one or two reports the classifier has open, the last
/// headers it saw (`ClassifierMachine.rememberedHeaders`) and the listed signatures
/// (`KernelLogReport.maximumSignatures`). Finished reports are drained as they close.
package struct KernelLogStream {
    /// Why a log was refused.
    package enum InputError: Error, Equatable {
        /// The first chunk is not text: `reason` says what was seen.
        case binary(reason: String)
    }

    /// A line longer than this is cut to it; the rest of the line is skipped (`cutLines`).
    package let maximumLineBytes: Int
    /// Lines held back before deciding whether the log is a timestamped one (in which
    /// untimestamped lines are not the kernel's): the first stamped line decides at once.
    package let lookaheadLines: Int
    package let lookaheadBytes: Int

    private let classifier: KernelLogClassifier
    private var parser = KernelLogLine.Parser()
    private var partialLine: [UInt8] = []
    private var skippingRestOfLine = false
    private var lookahead: [KernelLogLine] = []
    private var lookaheadByteCount = 0
    private var machine: ClassifierMachine?
    private var report = KernelLogReport()
    private var sniffed = false

    /// Lines longer than `maximumLineBytes`, cut.
    package private(set) var cutLines = 0
    /// The most bytes of text the stream held at once (the unfinished line and the look-ahead).
    package private(set) var peakHeldBytes = 0
    /// The most reports the classifier held at once.
    package private(set) var peakHeldReports = 0

    package init(classifier: KernelLogClassifier = KernelLogClassifier(), maximumLineBytes: Int = 16384,
                 lookaheadLines: Int = 4096, lookaheadBytes: Int = 1 << 20) {
        self.classifier = classifier
        self.maximumLineBytes = max(1, maximumLineBytes)
        self.lookaheadLines = max(1, lookaheadLines)
        self.lookaheadBytes = max(1, lookaheadBytes)
    }

    /// Reads the next bytes of the log. The first chunk is checked for binary data.
    package mutating func feed(_ chunk: some Collection<UInt8>) throws(InputError) {
        if !sniffed, !chunk.isEmpty {
            sniffed = true
            if let reason = Self.binaryReason(chunk) { throw .binary(reason: reason) }
        }
        var start = chunk.startIndex
        while start != chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: 0x0A)
            let end = newline ?? chunk.endIndex
            append(chunk[start..<end])
            guard let newline else { break }
            endLine()
            start = chunk.index(after: newline)
        }
        peakHeldBytes = max(peakHeldBytes, partialLine.count + lookaheadByteCount)
    }

    /// The report on everything fed: a log that ends inside a report still yields it
    /// (its finding says `isComplete == false`).
    package mutating func finish() -> KernelLogReport {
        if !partialLine.isEmpty || skippingRestOfLine { endLine() }
        decideFormat()
        if var machine {
            for finding in machine.finish() { report.add(finding) }
            self.machine = nil
        }
        report.counts.cutLines = cutLines
        return report
    }

    /// Why `sample` is not a text log, or nil: NUL bytes beyond 1 in 100, or more than
    /// 30 in 100 characters that are neither printable nor whitespace (control codes,
    /// invalid UTF-8). A console capture's escape sequences and a stray NUL pass.
    package static func binaryReason(_ sample: some Collection<UInt8>) -> String? {
        let nulCount = sample.lazy.filter { $0 == 0 }.count
        if nulCount * 100 > sample.count {
            return "\(nulCount) NUL bytes in its first \(sample.count)"
        }
        var total = 0
        var odd = 0
        for scalar in String(decoding: Array(sample), as: UTF8.self).unicodeScalars {
            total += 1
            let value = scalar.value
            let control = value < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C, 0x1B, 0x08].contains(value)
            if control || value == 0x7F || value == 0xFFFD { odd += 1 }
        }
        if odd * 100 > total * 30 {
            return "\(odd) of its first \(total) characters are not text"
        }
        return nil
    }

    private mutating func append(_ bytes: some Collection<UInt8>) {
        guard !skippingRestOfLine, !bytes.isEmpty else { return }
        let room = maximumLineBytes - partialLine.count
        if bytes.count > room {
            partialLine.append(contentsOf: bytes.prefix(room))
            skippingRestOfLine = true
            cutLines += 1
        } else {
            partialLine.append(contentsOf: bytes)
        }
    }

    /// The unfinished line is complete: parse it and hand its lines on.
    private mutating func endLine() {
        peakHeldBytes = max(peakHeldBytes, partialLine.count + lookaheadByteCount)
        var bytes = partialLine[...]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        let raw = String(decoding: bytes, as: UTF8.self)
        partialLine.removeAll(keepingCapacity: true)
        skippingRestOfLine = false
        for line in parser.parse(raw[...]) { consume(line, byteCount: bytes.count) }
    }

    private mutating func consume(_ line: KernelLogLine, byteCount: Int) {
        report.counts.lines += 1
        guard machine != nil else {
            lookahead.append(line)
            lookaheadByteCount += byteCount
            if line.isStamped || lookahead.count >= lookaheadLines || lookaheadByteCount >= lookaheadBytes {
                decideFormat()
            }
            return
        }
        classify(line)
    }

    /// Starts the classifier on the look-ahead: a timestamped log if any line in it is.
    private mutating func decideFormat() {
        guard machine == nil else { return }
        machine = ClassifierMachine(configuration: classifier, stampedLog: lookahead.contains(where: \.isStamped))
        let held = lookahead
        lookahead = []
        lookaheadByteCount = 0
        for line in held { classify(line) }
    }

    private mutating func classify(_ line: KernelLogLine) {
        machine?.consume(line)
        peakHeldReports = max(peakHeldReports, machine?.heldReports ?? 0)
        for finding in machine?.drainFinished() ?? [] { report.add(finding) }
    }
}
