import Glibc
import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

@testable import MediaStress

/// The stress lock and journal (one file per bound device) and the recovery of devices a
/// killed run left unbound, in a scratch MEDIACTL_RUN_DIR with a fake driver directory:
/// a flock is per open file description, so two descriptors in this process stand for
/// two runs.
@Suite(.serialized) struct StressJournalTests {
    let root: String
    let driver: String

    init() {
        var template = Array("/tmp/mediactl-journal-XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp/mediactl-journal-failed" }
            return String(cString: made)
        }
        driver = root + "/sys/bus/platform/drivers/vimc"
        _ = BuiltBinary.runProgram("/bin/mkdir", ["-p", driver, root + "/run"])
        setenv("MEDIACTL_RUN_DIR", root + "/run", 1)
    }

    func cleanUp() {
        unsetenv("MEDIACTL_RUN_DIR")
        _ = BuiltBinary.runProgram("/bin/rm", ["-rf", root])
    }

    func entry(pid: Int32 = 4242) -> StressJournal.Entry {
        StressJournal.Entry(
            pid: pid, started: "2026-11-30T15:00:00Z", deviceName: "vimc.0", driver: "vimc", driverSysPath: driver,
            command: "mediactl stress unbind -d vimc --pin video-fmt")
    }

    @Test func aSecondRunOnTheSameDeviceIsRefusedNamingTheFirst() throws {
        defer { cleanUp() }
        let first = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
        try first.record(entry())
        #expect(throws: MediaError.self) { _ = try StressJournal.acquire(deviceName: "vimc.0", wait: false) }
        do {
            _ = try StressJournal.acquire(deviceName: "vimc.0", wait: false)
        } catch {
            #expect(error.code == .deviceBusy)
            #expect(error.description == "stress unbind: another mediactl stress (pid 4242, started 2026-11-30T15:00:00Z) holds vimc.0; wait for it, or pass --wait-lock")
        }
        // Another device is not held.
        _ = try StressJournal.acquire(deviceName: "vivid.0", wait: false)
    }

    @Test func aKilledRunsJournalIsFoundAndItsDeviceBoundAgain() throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
            try killed.record(entry())
            // Closing without clear() is what SIGKILL leaves: the journal, no lock.
        }
        #expect(StressRecovery.abandonedUnbound().map(\.deviceName) == ["vimc.0"])
        _ = BuiltBinary.runProgram("/usr/bin/touch", [driver + "/bind"])  // the driver's bind file
        let results = StressRecovery.run()
        #expect(results.map(\.outcome) == [.rebound])
        #expect(results.first?.line == "recovered vimc.0: bound it to vimc again (mediactl stress pid 4242, started 2026-11-30T15:00:00Z was killed, or lost the device, while it was unbound)")
        // What the driver's bind file received.
        #expect(BuiltBinary.contents(of: driver + "/bind") == "vimc.0")
    }

    @Test func aBindThatFailsIsReportedAndTheJournalKept() throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
            try killed.record(entry())
        }
        // No bind file: the driver is gone (module unloaded).
        let results = StressRecovery.run()
        #expect(results.first?.line?.hasPrefix("cannot recover vimc.0, which mediactl stress pid 4242, started 2026-11-30T15:00:00Z left unbound: write 'vimc.0' \(driver)/bind: No such file or directory (ENOENT)") == true)
        #expect(try StressJournal.acquire(deviceName: "vimc.0", wait: false).abandoned == entry())
    }

    @Test func aLiveRunsJournalIsLeftAlone() throws {
        defer { cleanUp() }
        let live = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
        try live.record(entry())
        #expect(StressRecovery.run().map(\.outcome) == [.inUse])
        #expect(StressRecovery.abandonedUnbound().isEmpty)
        #expect(access(driver + "/bind", F_OK) != 0)
    }

    @Test func aJournalWhoseDeviceIsBoundIsClearedWithoutBinding() throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
            try killed.record(entry())
        }
        _ = BuiltBinary.runProgram("/bin/mkdir", [driver + "/vimc.0"])  // bound: the device link is there
        #expect(StressRecovery.run().map(\.outcome) == [.alreadyBound])
        #expect(access(driver + "/bind", F_OK) != 0)
        // Cleared: the next acquire finds no abandoned entry.
        #expect(try StressJournal.acquire(deviceName: "vimc.0", wait: false).abandoned == nil)
    }

    @Test func aBriefLookAtAnEmptyJournalDoesNotRefuseARun() throws {
        defer { cleanUp() }
        // `list` or another run's recovery holds the lock of an empty journal for a moment.
        mkdir(StressJournal.directory, 0o755)
        let look = try FileDescriptor.open(
            StressJournal.path(for: "vimc.0"), .readWrite, options: [.create], permissions: [.ownerReadWrite])
        #expect(flock(look.rawValue, LOCK_EX | LOCK_NB) == 0)
        _ = startThread {
            usleep(200_000)
            try? look.close()
        }
        let run = try StressJournal.acquire(deviceName: "vimc.0", wait: false)
        #expect(run.abandoned == nil)
    }

    @Test func aBriefLookAtADeadRunsJournalDoesNotRefuseARun() throws {
        defer { cleanUp() }
        // A run that is gone (a reaped child's pid) left its journal; `list` looks at it.
        let gone = try #require(BuiltBinary.startProgram("/bin/true", [], outputPath: root + "/true.out"))
        _ = BuiltBinary.wait(gone)
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
            try killed.record(entry(pid: gone))
        }
        let look = try FileDescriptor.open(StressJournal.path(for: "vimc.0"), .readWrite)
        #expect(flock(look.rawValue, LOCK_SH | LOCK_NB) == 0)
        _ = startThread {
            usleep(200_000)
            try? look.close()
        }
        let run = try StressJournal.acquire(deviceName: "vimc.0", wait: false)
        #expect(run.abandoned == entry(pid: gone))
    }

    @Test func aCleanEndLeavesNothingToRecover() throws {
        defer { cleanUp() }
        do {
            let run = try StressJournal.acquire(deviceName: "vimc.0", wait: false).journal
            try run.record(entry())
            run.clear()
        }
        #expect(StressRecovery.run().isEmpty)
    }

    @Test func journalTextRoundTripsAndForeignTextIsIgnored() {
        defer { cleanUp() }
        #expect(StressJournal.Entry.parse(entry().text) == entry())
        #expect(StressJournal.Entry.parse("") == nil)
        #expect(StressJournal.Entry.parse("pid=x\ndevice=vimc.0\ndriver-path=/sys/bus/platform/drivers/vimc\n") == nil)
        #expect(StressJournal.Entry.parse("pid=1\ndevice=vimc.0\ndriver-path=relative\n") == nil)
    }
}
