/// What `mediactl klog` found in a kernel log: the findings grouped by signature, in
/// order of first appearance, and the counts. Its JSON form is `mediactl klog --format json`:
/// every key is always present (null when a finding does not say), so scripts can rely on them.
package struct KernelLogReport: Sendable, Equatable, Encodable {
    /// One signature in the JSON form: the first finding that had it and how many findings had it.
    package struct Entry: Sendable, Equatable, Encodable {
        package var kind: FindingKind
        package var function: String?
        package var module: String?
        /// The header line of the first report with this signature.
        package var title: String
        /// The title syzbot would give the report (`WARNING in vb2_core_reqbufs`).
        package var syzbotTitle: String?
        package var detail: String?
        /// The first frames of its call trace, as `function [module]`, at most `KernelLogReport.frameCount`.
        package var frames: [String]
        package var signature: String
        /// How many reports had this signature.
        package var count: Int
        /// The first report's timestamp (`3.084064`), task and pid, when the log says.
        package var timestamp: String?
        package var task: String?
        package var pid: Int?

        package init(_ deduplicated: DeduplicatedFinding) {
            let finding = deduplicated.finding
            kind = finding.kind
            function = finding.function
            module = finding.module
            title = finding.title
            syzbotTitle = finding.syzbotTitle
            detail = finding.detail
            frames = finding.frames.prefix(KernelLogReport.frameCount).map(\.description)
            signature = finding.signature
            count = deduplicated.count
            timestamp = finding.timestamp
            task = finding.task
            pid = finding.pid
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(function, forKey: .function)
            try container.encode(module, forKey: .module)
            try container.encode(title, forKey: .title)
            try container.encode(syzbotTitle, forKey: .syzbotTitle)
            try container.encode(detail, forKey: .detail)
            try container.encode(frames, forKey: .frames)
            try container.encode(signature, forKey: .signature)
            try container.encode(count, forKey: .count)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(task, forKey: .task)
            try container.encode(pid, forKey: .pid)
        }

        enum CodingKeys: String, CodingKey {
            case kind, function, module, title, syzbotTitle, detail, frames, signature, count, timestamp, task, pid
        }
    }

    /// How much was read and found.
    package struct Counts: Sendable, Equatable, Encodable {
        /// Kernel log lines read (a /dev/kmsg record with embedded newlines counts once per line).
        package var lines: Int
        /// Reports found, duplicates included.
        package var findings: Int
        /// Distinct signatures.
        package var unique: Int
        /// Reports per kind, by the kind's name (`use-after-free`).
        package var byKind: [String: Int]
        /// Reports whose signature was not listed: it came after `maximumSignatures` others.
        package var unlistedFindings: Int
        /// Lines longer than the reader's cap, cut to it.
        package var cutLines: Int
    }

    /// How many frames an entry keeps, as many as `stress` prints.
    package static let frameCount = 6
    /// At most this many signatures are listed, so a log of any size is summed up in
    /// bounded memory; reports with further signatures are counted (`unlistedFindings`).
    package static let maximumSignatures = 1000

    /// The findings grouped by signature, in order of first appearance.
    package var unique: [DeduplicatedFinding]
    package var counts: Counts

    private var indexBySignature: [String: Int] = [:]

    /// A report of nothing yet: `add` the findings, set `counts.lines`.
    package init() {
        unique = []
        counts = Counts(lines: 0, findings: 0, unique: 0, byKind: [:], unlistedFindings: 0, cutLines: 0)
    }

    /// Classifies `lines` with `classifier`.
    package init(lines: [KernelLogLine], classifier: KernelLogClassifier = KernelLogClassifier()) {
        self.init()
        for finding in classifier.classify(lines) { add(finding) }
        counts.lines = lines.count
    }

    /// Counts `finding` and lists it under its signature (a new signature past
    /// `maximumSignatures` is counted, not listed).
    package mutating func add(_ finding: KernelFinding) {
        counts.findings += 1
        counts.byKind[finding.kind.rawValue, default: 0] += 1
        if let index = indexBySignature[finding.signature] {
            unique[index].count += 1
        } else if unique.count < Self.maximumSignatures {
            indexBySignature[finding.signature] = unique.count
            unique.append(DeduplicatedFinding(finding: finding, count: 1))
            counts.unique = unique.count
        } else {
            counts.unlistedFindings += 1
        }
    }

    /// Classifies text: /dev/kmsg records, console or dmesg output, `journalctl -k` output.
    package init(text: String, classifier: KernelLogClassifier = KernelLogClassifier()) {
        self.init(lines: KernelLogLine.parseLines(text), classifier: classifier)
    }

    /// No kernel report in the log.
    package var isClean: Bool { unique.isEmpty }

    /// `{"counts": {...}, "findings": [Entry, ...]}`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(unique.map(Entry.init), forKey: .findings)
        try container.encode(counts, forKey: .counts)
    }

    enum CodingKeys: String, CodingKey { case findings, counts }
}
