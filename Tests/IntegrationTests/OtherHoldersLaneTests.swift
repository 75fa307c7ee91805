import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// Another program using vimc without libcamera's lock: `v4l2-ctl --stream-mmap` on Raw
/// Capture 0. `stress unbind` once unbound the device from under it and said `clean`;
/// `link`, `format` and `apply` changed the pipeline it streamed through. Now each refuses
/// it in one line, exit 2, naming its pid, before changing anything; `--force` goes on and
/// a stress report names it.
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"), .serialized)
struct OtherHoldersLaneTests {
    var vimcBound: Bool { access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0 }

    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let start = MonotonicClock.now
        while MonotonicClock.now - start < seconds {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// media-ctl's view of the device: entities, pads, formats and links.
    func mediaCtlPrint(_ node: String) async throws -> String {
        let result = await BuiltBinary.runProgram("media-ctl", ["-d", node, "-p"])
        try #require(result.status == 0, "media-ctl -p failed: \(result.stderr)")
        return result.stdout
    }

    /// Runs `body` while v4l2-ctl streams MMAP buffers from Raw Capture 0 (formats set by
    /// media-ctl and v4l2-ctl, not by mediactl): its pid and video node.
    func withStreamer(_ name: String, _ body: (pid_t, String) async throws -> Void) async throws {
        let node = try VMLane.node(driver: "vimc")
        try #require(access("/usr/bin/v4l2-ctl", X_OK) == 0, "v4l-utils' v4l2-ctl is missing (Scripts/setup installs it)")
        let sensor = await BuiltBinary.runProgram("media-ctl", ["-d", node, "-V", #""Sensor A":0 [fmt:SRGGB8_1X8/640x480]"#])
        try #require(sensor.status == 0, "\(sensor.stderr)")
        let entity = await BuiltBinary.runProgram("media-ctl", ["-d", node, "-e", "Raw Capture 0"])
        let video = String(entity.stdout.prefix { $0 != "\n" })
        try #require(entity.status == 0 && video.hasPrefix("/dev/video"), "\(entity.stderr)")
        let output = "/tmp/mediactl-streamer-\(name)-\(getpid())"
        let process = try #require(
            await BuiltBinary.startProgram(
                "/usr/bin/v4l2-ctl",
                ["-d", video, "--set-fmt-video=width=640,height=480,pixelformat=RGGB", "--stream-mmap"],
                outputPath: output))
        let pid = process.pid
        try await withCleanup {
            // v4l2-ctl prints a '<' for each frame it dequeues.
            try #require(
                waitFor(60) { (BuiltBinary.contents(of: output) + BuiltBinary.contents(of: output + ".stderr")).contains("<") },
                "v4l2-ctl never streamed: \(BuiltBinary.contents(of: output + ".stderr").suffix(500))")
            try await body(pid, video)
        } cleanup: {
            kill(pid, SIGKILL)
            _ = await BuiltBinary.wait(process)
        }
    }

    @Test func linkFormatAndApplyRefuseWhileAnotherProgramStreams() async throws {
        try await withStreamer("pipeline") { pid, video in
            let node = try VMLane.node(driver: "vimc")
            let before = try await mediaCtlPrint(node)
            let file = "/tmp/mediactl-holders-\(getpid()).pipeline"
            try TextFile.write(#""Scaler":0 [fmt:RGB888_1X24/320x240]"# + "\n", to: file)
            defer { unlink(file) }
            let refused: [[String]] = [
                ["format", "-d", "vimc", #""Scaler":0 [fmt:RGB888_1X24/320x240]"#],
                ["link", "-d", "vimc", "--reset"],
                ["apply", "-d", "vimc", file],
                ["apply", "-d", "vimc", "--dry-run", file],
            ]
            for arguments in refused {
                let result = await BuiltBinary.run(arguments)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix("mediactl: \(arguments[0]) \(node): pid \(pid) (/usr/bin/v4l2-ctl -d \(video) "), "\(result.stderr)")
                #expect(result.stderr.contains(" on \(video): another program streams there"), "\(result.stderr)")
            }
            // Nothing changed, and the streamer still streams.
            #expect(try await mediaCtlPrint(node) == before)
            #expect(kill(pid, 0) == 0)
            // The TRY state is mediactl's own: allowed.
            let tried = await BuiltBinary.run(["format", "-d", "vimc", "--which", "try", #""Scaler":0 [fmt:RGB888_1X24/320x240]"#])
            #expect(tried.status == 0, "\(tried.stderr)")
            // --force goes on, and says so: a link outside the stream's pipeline, set as vimc makes it.
            let forced = await BuiltBinary.run(["link", "-d", "vimc", "--force", #""Debayer B":1 -> "Scaler":0 [0]"#])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(forced.stderr.contains("link: pid \(pid) (/usr/bin/v4l2-ctl -d \(video) "), "\(forced.stderr)")
            #expect(forced.stderr.contains("changing it anyway (--force)"))
        }
    }

    @Test func stressRefusesAStreamerAndForceRecordsIt() async throws {
        try await withStreamer("stress") { pid, video in
            let node = try VMLane.node(driver: "vimc")
            var before = stat()
            try #require(stat(node, &before) == 0)
            let refused = await BuiltBinary.run(["stress", "unbind", "-d", "vimc"])
            #expect(refused.status == 2)
            #expect(refused.stdout.isEmpty, "\(refused.stdout)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(
                refused.stderr.hasPrefix("mediactl: stress unbind \(node): pid \(pid) (/usr/bin/v4l2-ctl -d \(video) "),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("another program has the device open"))
            // Not unbound and bound again: the same media node, and the streamer still there.
            var after = stat()
            #expect(stat(node, &after) == 0)
            #expect(after.st_ino == before.st_ino && after.st_ctim.tv_nsec == before.st_ctim.tv_nsec)
            #expect(vimcBound)
            #expect(kill(pid, 0) == 0)
            // The sweep starts stress runs: refused alike.
            let sweep = await BuiltBinary.run(["stress", "sweep", "-d", "vimc", "--cells", "VIDIOC_QUERYCAP:out"])
            #expect(sweep.status == 2, "\(sweep.stderr)")
            #expect(sweep.stderr.contains("pid \(pid) (/usr/bin/v4l2-ctl"), "\(sweep.stderr)")

            let report = "/tmp/mediactl-holders-\(getpid()).json"
            defer { unlink(report) }
            let forced = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--force", "--report", report])
            #expect(forced.status == 0 || forced.status == 1, "\(forced.stderr)")
            #expect(forced.stdout.contains("other holders: pid \(pid) (/usr/bin/v4l2-ctl -d \(video) "), "\(forced.stdout)")
            #expect(forced.stdout.contains("unbound anyway (--force)"))
            let decoded = try JSONDecoder().decode(StressReport.self, from: Data(BuiltBinary.contents(of: report).utf8))
            let holder = try #require(decoded.environment.nodeHolders?.first { $0.pid == pid })
            #expect(holder.name == "v4l2-ctl")
            #expect(holder.nodes.contains { $0.path == video })
            #expect(decoded.cycles.count == 1)
            #expect(vimcBound)
        }
    }
}
