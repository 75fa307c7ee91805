import Foundation
import Testing
@testable import KernelLog

/// What a kernel log in Fixtures/kmsg holds, as read from the log by hand: the reports in
/// order of first appearance, each with its kind, faulting function, the function that
/// called it and how many reports had it.
struct LogExpectation: Sendable, CustomTestStringConvertible {
    struct Report: Sendable, Equatable {
        var kind: FindingKind
        var function: String
        var caller: String
        var count: Int
    }

    var file: String
    var reports: [Report]
    var testDescription: String { file }

    static let gpfAtMutexLock = Report(kind: .generalProtectionFault, function: "__mutex_lock", caller: "media_device_ioctl", count: 1)
    static let nullDerefInGetInfo = Report(kind: .nullPointerDereference, function: "media_device_get_info", caller: "media_device_ioctl", count: 1)
    static let stockKasan = [
        Report(kind: .useAfterFree, function: "mutex_lock", caller: "media_device_ioctl", count: 1),
        Report(kind: .useAfterFree, function: "media_device_get_info", caller: "media_device_ioctl", count: 2),
        nullDerefInGetInfo,
    ]

    /// Every log the project holds. `everyFixtureHasAnExpectation` fails when a log is
    /// added without one.
    static let all: [LogExpectation] = [
        // "RIP: 0010:__mutex_lock.constprop.0+0x5f5/0x6f0", called from media_device_ioctl [mc].
        LogExpectation(file: "debian-6.12.117-slub-poison-media-ioctl-uaf.txt", reports: [gpfAtMutexLock]),
        LogExpectation(file: "kasan-6.12.117-hold-across-unbind-clean.console.txt", reports: []),
        // A GPF KASAN decodes as "null-ptr-deref in range [0x0-0x7]", RIP media_device_get_info+0xab.
        LogExpectation(file: "kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console.txt", reports: [nullDerefInGetInfo]),
        // slab-use-after-free in mutex_lock+0x5e, in media_device_get_info+0x3e and +0x6c, then the GPF.
        LogExpectation(file: "kasan-6.12.117-media-ioctl-device-info-uaf.console.txt", reports: stockKasan),
        // Two parked ioctls, two GPFs ([#1], [#2]) at the same place.
        LogExpectation(file: "vm-6.12.117-slub-pin-topology-then-device-info.console.txt", reports: [
            Report(kind: .generalProtectionFault, function: "__mutex_lock", caller: "media_device_ioctl", count: 2),
        ]),
        // Derived from the logs above (Fixtures/README.md says how).
        LogExpectation(file: "console-boot-noise-debian-6.12.117-slub-poison-gpf.console.txt", reports: [gpfAtMutexLock]),
        LogExpectation(file: "dmesg-T-kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.txt", reports: [nullDerefInGetInfo]),
        LogExpectation(file: "journalctl-k-kasan-6.12.117-hold-across-unbind-clean.txt", reports: []),
        LogExpectation(file: "journalctl-k-kasan-6.12.117-media-ioctl-device-info-uaf.txt", reports: stockKasan),
        LogExpectation(file: "syzbot-kasan-6.12.117-slab-use-after-free-mutex-lock.txt", reports: [stockKasan[0]]),
    ]

    func text() throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/kmsg/" + file, withExtension: nil),
                               "fixture \(file) is missing from the test bundle")
        return try String(contentsOf: url, encoding: .utf8)
    }
}

@Suite("Every kernel log the project holds, classified")
struct EveryFixtureTests {
    @Test("Kinds, faulting functions, callers and counts as read from the log", arguments: LogExpectation.all)
    func classify(log: LogExpectation) throws {
        let report = KernelLogReport(text: try log.text())
        let found = report.unique.map { unique in
            let frames = unique.finding.frames.map(\.function)
            let caller = frames.firstIndex(of: unique.finding.function ?? "").flatMap { frames.dropFirst($0 + 1).first }
            return LogExpectation.Report(kind: unique.finding.kind, function: unique.finding.function ?? "?",
                                         caller: caller ?? "?", count: unique.count)
        }
        #expect(found == log.reports)
        #expect(report.counts.findings == log.reports.map(\.count).reduce(0, +))
        #expect(report.isClean == log.reports.isEmpty)
    }

    @Test("Every log in Fixtures/kmsg has an expectation")
    func everyFixtureHasAnExpectation() throws {
        let directory = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/kmsg")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(LogExpectation.all.map(\.file)))
    }

    @Test("A log tool's prefix does not change what is found: journalctl -k, dmesg -T, console forms agree")
    func derivedFormsAgreeWithTheirSource() throws {
        func signatures(_ file: String) throws -> [String] {
            let log = try #require(LogExpectation.all.first { $0.file == file })
            return KernelLogReport(text: try log.text()).unique.map(\.finding.signature)
        }
        #expect(try signatures("journalctl-k-kasan-6.12.117-media-ioctl-device-info-uaf.txt")
            == signatures("kasan-6.12.117-media-ioctl-device-info-uaf.console.txt"))
        #expect(try signatures("dmesg-T-kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.txt")
            == signatures("kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console.txt"))
        #expect(try signatures("console-boot-noise-debian-6.12.117-slub-poison-gpf.console.txt")
            == signatures("debian-6.12.117-slub-poison-media-ioctl-uaf.txt"))
    }
}
