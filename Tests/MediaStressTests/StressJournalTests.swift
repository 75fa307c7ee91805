import Glibc
import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

@testable import MediaStress

/// The stress lock and journal (one file per bound device) and the recovery of devices a
/// killed run left unbound, in a scratch journal directory (passed, never set in the environment, which the
/// binaries other suites start at the same time inherit) with a fake driver directory:
/// a flock is per open file description, so two descriptors in this process stand for
/// two runs.
@Suite(.serialized) struct StressJournalTests {
    let root: String
    let driver: String
    /// The journal directory of these tests.
    let runDirectory: String

    init() async {
        root = FileTree.temporaryDirectory("journal") ?? "/tmp/mediactl-journal-failed"
        driver = root + "/sys/bus/platform/drivers/vimc"
        runDirectory = root + "/run"
        _ = await BuiltBinary.runProgram("/bin/mkdir", ["-p", driver, runDirectory])
    }

    func cleanUp() {
        FileTree.remove(root)
    }

    func entry(pid: Int32 = 4242) -> StressJournal.Entry {
        StressJournal.Entry(
            pid: pid, started: "2026-11-30T15:00:00Z", deviceName: "vimc.0", driver: "vimc", driverSysPath: driver,
            command: "mediactl stress unbind -d vimc --pin video-fmt")
    }

    @Test func aSecondRunOnTheSameDeviceIsRefusedNamingTheFirst() throws {
        defer { cleanUp() }
        let first = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
        try first.record(entry())
        #expect(throws: MediaError.self) { _ = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false) }
        do {
            _ = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false)
        } catch {
            #expect(error.code == .deviceBusy)
            #expect(error.description == "stress unbind: another mediactl stress (pid 4242, started 2026-11-30T15:00:00Z) holds vimc.0; wait for it, or pass --wait-lock")
        }
        // Another device is not held.
        _ = try StressJournal.acquire(deviceName: "vivid.0", in: runDirectory, wait: false)
    }

    @Test func aKilledRunsJournalIsFoundAndItsDeviceBoundAgain() async throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try killed.record(entry())
            // Closing without clear() is what SIGKILL leaves: the journal, no lock.
        }
        #expect(StressRecovery.abandonedUnbound(in: runDirectory).map(\.deviceName) == ["vimc.0"])
        _ = await BuiltBinary.runProgram("/usr/bin/touch", [driver + "/bind"])  // the driver's bind file
        let results = StressRecovery.run(in: runDirectory)
        #expect(results.map(\.outcome) == [.rebound])
        #expect(results.first?.line == "recovered vimc.0: bound it to vimc again (mediactl stress pid 4242, started 2026-11-30T15:00:00Z was killed, or lost the device, while it was unbound)")
        // What the driver's bind file received.
        #expect(BuiltBinary.contents(of: driver + "/bind") == "vimc.0")
    }

    @Test func aBindThatFailsIsReportedAndTheJournalKept() throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try killed.record(entry())
        }
        // No bind file: the driver is gone (module unloaded).
        let results = StressRecovery.run(in: runDirectory)
        #expect(results.first?.line?.hasPrefix("cannot recover vimc.0, which mediactl stress pid 4242, started 2026-11-30T15:00:00Z left unbound: write 'vimc.0' \(driver)/bind: No such file or directory (ENOENT)") == true)
        #expect(try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).abandoned == entry())
    }

    /// A killed `--await-unplug` run disconnected nothing: recovery writes no `bind` (the
    /// device is somebody else's to connect), says so, and clears the journal; `list` does
    /// not warn about it.
    @Test func aKilledAwaitingRunsDeviceIsNotBound() async throws {
        defer { cleanUp() }
        var awaiting = entry()
        awaiting.awaited = true
        awaiting.command = "mediactl stress unbind -d uvcvideo --await-unplug 60"
        #expect(StressJournal.Entry.parse(awaiting.text) == awaiting)
        #expect(awaiting.text.contains("disconnection=awaited\n"))
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try killed.record(awaiting)
        }
        #expect(StressRecovery.abandonedUnbound(in: runDirectory).isEmpty)
        _ = await BuiltBinary.runProgram("/usr/bin/touch", [driver + "/bind"])
        let results = StressRecovery.run(in: runDirectory)
        #expect(results.map(\.outcome) == [.othersToConnect])
        #expect(results.first?.line == "not binding vimc.0: mediactl stress pid 4242, started 2026-11-30T15:00:00Z waited for somebody else to disconnect it (--await-unplug); connecting it again is theirs")
        #expect(BuiltBinary.contents(of: driver + "/bind") == "")
        #expect(try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).abandoned == nil)
    }

    @Test func aLiveRunsJournalIsLeftAlone() throws {
        defer { cleanUp() }
        let live = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
        try live.record(entry())
        #expect(StressRecovery.run(in: runDirectory).map(\.outcome) == [.inUse])
        #expect(StressRecovery.abandonedUnbound(in: runDirectory).isEmpty)
        #expect(access(driver + "/bind", F_OK) != 0)
    }

    @Test func aJournalWhoseDeviceIsBoundIsClearedWithoutBinding() async throws {
        defer { cleanUp() }
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try killed.record(entry())
        }
        _ = await BuiltBinary.runProgram("/bin/mkdir", [driver + "/vimc.0"])  // bound: the device link is there
        #expect(StressRecovery.run(in: runDirectory).map(\.outcome) == [.alreadyBound])
        #expect(access(driver + "/bind", F_OK) != 0)
        // Cleared: the next acquire finds no abandoned entry.
        #expect(try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).abandoned == nil)
    }

    @Test func aBriefLookAtAnEmptyJournalDoesNotRefuseARun() throws {
        defer { cleanUp() }
        // `list` or another run's recovery holds the lock of an empty journal for a moment.
        mkdir(runDirectory, 0o755)
        let look = try FileDescriptor.open(
            StressJournal.path(for: "vimc.0", in: runDirectory), .readWrite, options: [.create], permissions: [.ownerReadWrite])
        #expect(flock(look.rawValue, LOCK_EX | LOCK_NB) == 0)
        _ = startThread {
            usleep(200_000)
            try? look.close()
        }
        let run = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false)
        #expect(run.abandoned == nil)
    }

    @Test func aBriefLookAtADeadRunsJournalDoesNotRefuseARun() async throws {
        defer { cleanUp() }
        // A run that is gone (a reaped child's pid) left its journal; `list` looks at it.
        let gone = try #require(await BuiltBinary.startProgram("/bin/true", [], outputPath: root + "/true.out"))
        _ = await BuiltBinary.wait(gone)
        do {
            let killed = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try killed.record(entry(pid: gone.pid))
        }
        let look = try FileDescriptor.open(StressJournal.path(for: "vimc.0", in: runDirectory), .readWrite)
        #expect(flock(look.rawValue, LOCK_SH | LOCK_NB) == 0)
        _ = startThread {
            usleep(200_000)
            try? look.close()
        }
        let run = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false)
        #expect(run.abandoned == entry(pid: gone.pid))
    }

    @Test func aCleanEndLeavesNothingToRecover() throws {
        defer { cleanUp() }
        do {
            let run = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
            try run.record(entry())
            run.clear()
        }
        #expect(StressRecovery.run(in: runDirectory).isEmpty)
    }

    @Test func aDeviceThatVanishedWhileAnotherRunHoldsADeviceIsRefusedNamingThatRun() async throws {
        defer { cleanUp() }
        // The other run is live (this process holds its lock) and its device is bound at this
        // moment: it may have been unbound when `-d` was looked up a moment ago.
        let live = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
        try live.record(entry(pid: getpid()))
        _ = await BuiltBinary.runProgram("/bin/mkdir", [driver + "/vimc.0"])
        let result = await BuiltBinary.runProgram(
            "/usr/bin/env", ["MEDIACTL_RUN_DIR=\(runDirectory)", BuiltBinary.mediactlPath, "stress", "unbind", "-d", "/dev/media-nope"])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix(
            "; another mediactl stress (pid \(getpid()), started 2026-11-30T15:00:00Z) holds vimc.0 and may have had it "
                + "unbound at that moment: wait for it, or pass --wait-lock\n"), "\(result.stderr)")
    }

    @Test func theBinariesOtherSuitesStartDoNotSeeTheseJournals() async throws {
        defer { cleanUp() }
        // Suites run in parallel in one process: a journal directory set in the environment
        // here would reach the binaries they start, and make them refuse to run.
        let live = try StressJournal.acquire(deviceName: "vimc.0", in: runDirectory, wait: false).journal
        try live.record(entry(pid: getpid()))
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "/dev/media-nope"])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("another mediactl stress"), "\(result.stderr)")
    }

    @Test func journalTextRoundTripsAndForeignTextIsIgnored() {
        defer { cleanUp() }
        #expect(StressJournal.Entry.parse(entry().text) == entry())
        #expect(StressJournal.Entry.parse("") == nil)
        #expect(StressJournal.Entry.parse("pid=x\ndevice=vimc.0\ndriver-path=/sys/bus/platform/drivers/vimc\n") == nil)
        #expect(StressJournal.Entry.parse("pid=1\ndevice=vimc.0\ndriver-path=relative\n") == nil)
    }
}
