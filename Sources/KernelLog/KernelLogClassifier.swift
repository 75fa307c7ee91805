/// Finds kernel reports (KASAN, oops, BUG, WARNING, refcount, list corruption, lockdep,
/// hung task, UBSAN ...) in kernel log lines and describes each one.
///
/// A small state machine: a report begins at a recognised header line and ends at the
/// next header, at a closing line (`---[ end trace ...`, a `=====` rule), or after
/// `maximumReportLines` lines. Lines of the report are read for the call trace, the
/// faulting function, the task, the access. Unrelated lines are ignored: lines outside
/// reports, untimestamped lines in a log that has timestamped ones (firmware or user
/// space printing on the console), and records user space wrote to /dev/kmsg. A header
/// repeated later with the same timestamp (a log that echoes its own summary) is not a
/// new report.
package struct KernelLogClassifier: Sendable {
    /// A report is cut after this many lines.
    package var maximumReportLines: Int
    /// How many of a report's lines a finding keeps.
    package var maximumKeptLines: Int
    /// How many frames a finding keeps.
    package var maximumFrames: Int

    package init(maximumReportLines: Int = 400, maximumKeptLines: Int = 80, maximumFrames: Int = 8) {
        self.maximumReportLines = max(1, maximumReportLines)
        self.maximumKeptLines = max(1, maximumKeptLines)
        self.maximumFrames = max(1, maximumFrames)
    }

    /// The findings in `lines`, in log order.
    package func classify(_ lines: [KernelLogLine]) -> [KernelFinding] {
        var machine = ClassifierMachine(configuration: self, stampedLog: lines.contains(where: \.isStamped))
        for line in lines { machine.consume(line) }
        return machine.finish()
    }

    /// The findings in raw /dev/kmsg records, console text or dmesg output.
    package func classify(text: String) -> [KernelFinding] {
        classify(KernelLogLine.parseLines(text))
    }

    /// Groups findings by signature, in order of first appearance, with their counts.
    package static func deduplicated(_ findings: [KernelFinding]) -> [DeduplicatedFinding] {
        var result: [DeduplicatedFinding] = []
        var indexBySignature: [String: Int] = [:]
        for finding in findings {
            if let index = indexBySignature[finding.signature] {
                result[index].count += 1
            } else {
                indexBySignature[finding.signature] = result.count
                result.append(DeduplicatedFinding(finding: finding, count: 1))
            }
        }
        return result
    }
}
