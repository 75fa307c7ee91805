import Foundation
import Testing
@testable import KernelLog

/// Every log in Fixtures/kmsg, read by hand: each report's kind, faulting function, the
/// function that called it and how many reports had it.
extension LogExpectation {
    private static func kmsg(_ file: String, _ reports: [Report]) -> LogExpectation {
        LogExpectation(directory: "Fixtures/kmsg", file: file, reports: reports)
    }

    private static func report(_ kind: FindingKind, _ function: String, from caller: String, count: Int = 1) -> Report {
        Report(kind: kind, function: function, caller: caller, count: count)
    }

    static let gpfAtMutexLock = report(.generalProtectionFault, "__mutex_lock", from: "media_device_ioctl")
    static let nullDerefInGetInfo = report(.nullPointerDereference, "media_device_get_info", from: "media_device_ioctl")
    static let stockKasan = [
        report(.useAfterFree, "mutex_lock", from: "media_device_ioctl"),
        report(.useAfterFree, "media_device_get_info", from: "media_device_ioctl", count: 2),
        nullDerefInGetInfo,
    ]

    /// Every log the project holds. `everyFixtureHasAnExpectation` fails when a log is
    /// added without one.
    static let all: [LogExpectation] = [
        // "RIP: 0010:__mutex_lock.constprop.0+0x5f5/0x6f0", called from media_device_ioctl [mc].
        kmsg("debian-6.12.117-slub-poison-media-ioctl-uaf.txt", [gpfAtMutexLock]),
        kmsg("kasan-6.12.117-hold-across-unbind-clean.console.txt", []),
        // A GPF KASAN decodes as "null-ptr-deref in range [0x0-0x7]", RIP media_device_get_info+0xab.
        kmsg("kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console.txt", [nullDerefInGetInfo]),
        // slab-use-after-free in mutex_lock+0x5e, in media_device_get_info+0x3e and +0x6c, then the GPF.
        kmsg("kasan-6.12.117-media-ioctl-device-info-uaf.console.txt", stockKasan),
        // Two parked ioctls, two GPFs ([#1], [#2]) at the same place.
        kmsg("vm-6.12.117-slub-pin-topology-then-device-info.console.txt", [
            report(.generalProtectionFault, "__mutex_lock", from: "media_device_ioctl", count: 2),
        ]),
        // Derived from the logs above (Fixtures/README.md says how).
        kmsg("console-boot-noise-debian-6.12.117-slub-poison-gpf.console.txt", [gpfAtMutexLock]),
        kmsg("dmesg-T-kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.txt", [nullDerefInGetInfo]),
        kmsg("journalctl-k-kasan-6.12.117-hold-across-unbind-clean.txt", []),
        kmsg("journalctl-k-kasan-6.12.117-media-ioctl-device-info-uaf.txt", stockKasan),
        kmsg("syzbot-kasan-6.12.117-slab-use-after-free-mutex-lock.txt", [stockKasan[0]]),
    ]
}

@Suite("Every kernel log the project holds, classified")
struct EveryFixtureTests {
    @Test("Kinds, faulting functions, callers and counts as read from the log", arguments: LogExpectation.all)
    func classify(log: LogExpectation) throws {
        let report = KernelLogReport(text: try log.text())
        let found = try log.found()
        #expect(found == log.reports)
        #expect(report.counts.findings == log.reports.compactMap(\.count).reduce(0, +))
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
