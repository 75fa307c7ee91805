import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// Other users of a device, in the guest: a second stress run, a run killed mid-cycle, a
/// real camera application (libcamera's `cam`, which locks the media node), and a plain
/// lockf holder. Each would have given a wrong verdict or left vimc unbound before.
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"), .serialized)
struct ExclusiveUseLaneTests {
    static let journal = "/run/mediactl/vimc.0.stress"
    var vimcBound: Bool { access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0 }

    static func report(_ json: String) throws -> StressReport {
        try JSONDecoder().decode(StressReport.self, from: Data(json.utf8))
    }

    func waitFor(_ seconds: Double, every microseconds: UInt32 = 20_000, _ condition: () -> Bool) -> Bool {
        let start = MonotonicClock.now
        while MonotonicClock.now - start < seconds {
            if condition() { return true }
            usleep(microseconds)
        }
        return condition()
    }

    func scratch(_ name: String) -> String { "/tmp/mediactl-\(name)-\(getpid())" }

    @Test func aSecondRunIsRefusedOrWaitsAndBothVerdictsStayClean() async throws {
        let firstOutput = scratch("first"), waitingOutput = scratch("waiting")
        let firstRun = try #require(
            await BuiltBinary.start(["stress", "unbind", "-d", "vimc", "--cycles", "5", "--format", "json"], outputPath: firstOutput))
        let first = firstRun.pid
        defer { kill(first, SIGKILL) }
        try #require(waitFor(60) { BuiltBinary.contents(of: Self.journal).contains("pid=\(first)\n") })
        // While the first runs (its device bound or not at this moment): refused at once.
        let second = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--cycles", "1"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("another mediactl stress (pid \(first), started "), "\(second.stderr)")
        // With --wait-lock it runs after the first.
        let waiting = try #require(
            await BuiltBinary.start(
                ["stress", "unbind", "-d", "vimc", "--cycles", "1", "--wait-lock", "--format", "json"], outputPath: waitingOutput))
        defer { kill(waiting.pid, SIGKILL) }
        #expect(await BuiltBinary.wait(firstRun) == 0, "\(BuiltBinary.contents(of: firstOutput + ".stderr"))")
        #expect(await BuiltBinary.wait(waiting) == 0, "\(BuiltBinary.contents(of: waitingOutput + ".stderr"))")
        #expect(BuiltBinary.contents(of: waitingOutput + ".stderr").contains("waiting for mediactl stress (pid \(first)"))
        for output in [firstOutput, waitingOutput] {
            let report = try Self.report(BuiltBinary.contents(of: output))
            #expect(report.verdict == .clean, "\(report.error ?? "")")
            #expect(report.cycles.allSatisfy { $0.topologyUnchanged == true })
        }
        #expect(vimcBound)
    }

    @Test func aRunKilledWhileTheDeviceIsUnboundIsRecoveredByTheNext() async throws {
        // --pin parks VIDIOC_G_FMT across the unbind (clean on this kernel): a wide window.
        var killedPid: pid_t = 0
        for attempt in 1...3 where killedPid == 0 {
            let output = scratch("killed-\(attempt)")
            let run = try #require(
                await BuiltBinary.start(["stress", "unbind", "-d", "vimc", "--pin", "video-fmt", "--cycles", "5"], outputPath: output))
            let pid = run.pid
            if waitFor(120, every: 1_000, { !vimcBound }) {
                kill(pid, SIGKILL)
                _ = await BuiltBinary.wait(run)
                if !vimcBound { killedPid = pid }
            } else {
                kill(pid, SIGKILL)
                _ = await BuiltBinary.wait(run)
            }
        }
        try #require(killedPid != 0, "never caught the run with vimc unbound")
        #expect(TestMachine.mediaNode(driver: "vimc") == nil)
        let list = await BuiltBinary.run(["list"])
        #expect(list.stderr.contains("warning: vimc.0 (vimc) is unbound: mediactl stress pid \(killedPid), started "), "\(list.stderr)")
        let next = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--format", "json"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("recovered vimc.0: bound it to vimc again (mediactl stress pid \(killedPid), started "))
        let report = try Self.report(next.stdout)
        #expect(report.recovered?.count == 1)
        #expect(report.verdict == .clean)
        #expect(vimcBound)
        #expect(await BuiltBinary.run(["stress", "recover"]).stdout == "nothing to recover\n")
    }

    @Test func aCameraApplicationHoldingTheDeviceIsRespected() async throws {
        let node = try VMLane.node(driver: "vimc")
        let output = scratch("cam")
        try #require(access("/usr/bin/cam", X_OK) == 0, "libcamera-tools' cam is missing (Scripts/setup installs it)")
        let camProcess = try #require(await BuiltBinary.startProgram("/usr/bin/cam", ["-c", "1", "--capture=100000"], outputPath: output))
        let cam = camProcess.pid
        try await withCleanup {
            try #require(
                waitFor(120) { (try? MediaNodeLock.holder(of: node))?.pid == cam },
                "cam never locked \(node): \(BuiltBinary.contents(of: output + ".stderr").suffix(500))")
            let stress = await BuiltBinary.run(["stress", "unbind", "-d", "vimc"])
            #expect(stress.status == 2)
            #expect(stress.stderr.contains("pid \(cam) (/usr/bin/cam -c 1 --capture=100000) holds the media node's lock"), "\(stress.stderr)")
            let reset = await BuiltBinary.run(["link", "-d", "vimc", "--reset"])
            #expect(reset.status == 2)
            #expect(reset.stderr.contains("pid \(cam) (/usr/bin/cam -c 1 --capture=100000) holds the media device"), "\(reset.stderr)")
            let format = await BuiltBinary.run(["format", "-d", "vimc", #""Scaler":0 [fmt:RGB888_1X24/640x480]"#])
            #expect(format.status == 2)
            #expect(kill(cam, 0) == 0, "cam is still running")
            #expect(vimcBound)
        } cleanup: {
            kill(cam, SIGKILL)
            _ = await BuiltBinary.wait(camProcess)
        }
    }

    @Test func aLockfHolderIsNamedAndForceRecordsIt() async throws {
        let node = try VMLane.node(driver: "vimc")
        let output = scratch("lockf")
        let script = "import fcntl, os, time; fd = os.open('\(node)', os.O_RDWR); fcntl.lockf(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(600)"
        let holderProcess = try #require(await BuiltBinary.startProgram("/usr/bin/python3", ["-c", script], outputPath: output))
        let holder = holderProcess.pid
        try await withCleanup {
            try #require(waitFor(60) { BuiltBinary.contents(of: output).contains("locked") })
            let refused = await BuiltBinary.run(["stress", "unbind", "-d", "vimc"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("pid \(holder) (/usr/bin/python3 -c import fcntl"), "\(refused.stderr)")
            #expect(vimcBound)
            let forced = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--force", "--format", "json"])
            #expect(forced.status == 0, "\(forced.stderr)")
            let report = try Self.report(forced.stdout)
            #expect(report.otherUser?.hasPrefix("pid \(holder) (/usr/bin/python3") == true)
            #expect(report.verdict == .clean)
            #expect(vimcBound)
        } cleanup: {
            kill(holder, SIGKILL)
            _ = await BuiltBinary.wait(holderProcess)
        }
    }

    @Test func anUnwritableReportIsRefusedBeforeTheDeviceIsTouched() async throws {
        let node = try VMLane.node(driver: "vimc")
        var before = stat()
        try #require(stat(node, &before) == 0)
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--report", "/proc/nope/x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--report /proc/nope/x"))
        // Not unbound and bound again: the same device node, not a new one.
        var after = stat()
        #expect(stat(node, &after) == 0)
        #expect(after.st_ino == before.st_ino && after.st_ctim.tv_nsec == before.st_ctim.tv_nsec)
        #expect(vimcBound)
    }
}
