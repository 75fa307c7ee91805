import Foundation
import Glibc
import Testing
@testable import KernelLog

// MARK: - Fixtures

/// The real kernel logs in Fixtures/kmsg (copied from shared/fixtures/kmsg).
enum KmsgFixture: String, CaseIterable {
    /// Debian 6.12.117, slub_debug: general protection fault at __mutex_lock from media_device_ioctl [mc].
    case debianGPF = "debian-6.12.117-slub-poison-media-ioctl-uaf"
    /// KASAN kernel, fds held across unbind: clean.
    case kasanClean = "kasan-6.12.117-hold-across-unbind-clean.console"
    /// KASAN kernel + mc-lifetime v4: null-ptr-deref oops in media_device_get_info.
    case kasanV4NullDeref = "kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console"
    /// KASAN kernel, stock: slab-use-after-free reports, then a null-ptr-deref oops.
    case kasanUAF = "kasan-6.12.117-media-ioctl-device-info-uaf.console"
    /// Captured by this project's VM lane: Debian 6.12.117, slub_debug, `mediactl stress unbind
    /// --pin topology` then `--pin device-info` in one boot: two GPFs at __mutex_lock.
    case vmPinTwice = "vm-6.12.117-slub-pin-topology-then-device-info.console"

    func text() throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: rawValue, withExtension: "txt", subdirectory: "Fixtures/kmsg"),
            "fixture \(rawValue).txt is missing from the test bundle")
        return try String(contentsOf: url, encoding: .utf8)
    }

    func findings() throws -> [KernelFinding] {
        KernelLogClassifier().classify(text: try text())
    }
}

/// Lines of a fixture, split the way the classifier splits them (the console captures end in CRLF).
func fixtureLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
}

/// The header lines the log names in its kernel-report part, i.e. before the test harness
/// echoes its own `=== LAB kasan/oops summary:` block, and the lines of that block.
func headerCounts(_ text: String, matching needle: String) -> (inReport: Int, inSummary: Int) {
    var inSummary = false
    var counts = (inReport: 0, inSummary: 0)
    for line in fixtureLines(text) {
        if line.hasPrefix("=== LAB kasan/oops summary:") { inSummary = true; continue }
        if line.hasPrefix("=== LAB END") { inSummary = false }
        if line.contains(needle) {
            if inSummary { counts.inSummary += 1 } else { counts.inReport += 1 }
        }
    }
    return counts
}

/// Writes console lines as raw /dev/kmsg records: consecutive lines with the same
/// timestamp become one record with `\x0a` between them (as the kernel escapes an
/// embedded newline), backslashes are escaped as `\x5c`, untimestamped lines (user space
/// output on the console) are dropped, and every fifth record gets continuation lines.
func kmsgRecords(fromConsole text: String, firstSequence: UInt64 = 1000) -> String {
    var groups: [(micros: UInt64, texts: [String])] = []
    for line in KernelLogLine.parseLines(text) {
        guard let micros = line.microseconds else { continue }
        if let last = groups.last, last.micros == micros {
            groups[groups.count - 1].texts.append(line.text)
        } else {
            groups.append((micros, [line.text]))
        }
    }
    var out = ""
    for (index, group) in groups.enumerated() {
        let message = group.texts
            .map { $0.replacingOccurrences(of: "\\", with: "\\x5c") }
            .joined(separator: "\\x0a")
        out += "3,\(firstSequence + UInt64(index)),\(group.micros),-;\(message)\n"
        if index % 5 == 0 {
            out += " SUBSYSTEM=platform\n DEVICE=+platform:vimc.0\n"
        }
    }
    return out
}

func withoutSequence(_ findings: [KernelFinding]) -> [KernelFinding] {
    findings.map { finding in
        var copy = finding
        copy.firstSequence = nil
        return copy
    }
}
