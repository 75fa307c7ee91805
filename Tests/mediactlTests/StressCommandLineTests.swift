import Glibc
import MediaControllerTestSupport
import Testing

/// `mediactl stress` refuses bad input before touching any device: one line, exit 2.
/// These run on the host (no media devices), so each would otherwise fail later and
/// differently; the lane checks that a device stays bound.
@Suite struct StressCommandLineTests {
    /// `mediactl ARGUMENTS` exits 2 with exactly `line` on standard error.
    static func expectRefused(_ arguments: [String], _ line: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let result = await BuiltBinary.run(arguments)
        #expect(result.status == 2, sourceLocation: sourceLocation)
        #expect(result.stderr == line, sourceLocation: sourceLocation)
    }

    @Test func anUnwritableReportPathIsRefusedBeforeTheDeviceIsLookedAt() async {
        await Self.expectRefused(["stress", "unbind", "-d", "vimc", "--report", "/proc/nope/x"], "mediactl: --report /proc/nope/x: No such file or directory (cannot create files in /proc/nope) (see --help)\n")
    }

    /// --shard out of range and states of different kernels given to --merge: one line, exit 2,
    /// before any device is looked at (there is none on the host).
    @Test func sweepShardAndMergeRefuseBadInputInOneLine() async throws {
        await Self.expectRefused(["stress", "sweep", "--shard", "5/4"], "mediactl: --shard 5/4: K must be 1 to 4 (see --help)\n")
        await Self.expectRefused(["stress", "sweep", "--shard", "x"], "mediactl: --shard 'x' is not K/N (e.g. 2/4) (see --help)\n")
        await Self.expectRefused(["stress", "unbind", "-d", "vimc", "--release-wait=-1"], "mediactl: --release-wait takes 0 to 600 seconds (see --help)\n")
        let directory = try #require(FileTree.temporaryDirectory("merge"))
        defer { FileTree.remove(directory) }
        for (name, release) in [("a", "6.12.117-mediactl-b69bf1f2"), ("b", "6.12.117+deb12-amd64")] {
            let state = #"{"schemaVersion": 1, "device": "platform:vimc", "driver": "vimc", "kernelRelease": "\#(release)", "cells": [], "rows": [], "findings": [], "boots": 1, "seconds": 1}"#
            _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "printf '%s' '\(state)' > \(directory)/\(name).json"])
        }
        await Self.expectRefused(
            ["stress", "sweep", "--merge", "\(directory)/a.json", "\(directory)/b.json"],
            "mediactl: --merge: states of different kernels: 6.12.117-mediactl-b69bf1f2 and 6.12.117+deb12-amd64\n")
    }

    @Test func durationsMustBeFinite() async {
        for value in ["inf", "nan", "-1", "0"] {
            let result = await BuiltBinary.run(["stress", "unbind", "--duration=\(value)"])
            #expect(result.status == 2, "\(value)")
            #expect(result.stderr == "mediactl: --duration must be a positive number of seconds (see --help)\n", "\(value)")
        }
        await Self.expectRefused(["stress", "unbind", "--hammer-seconds", "inf"], "mediactl: --hammer-seconds takes 0 to 3600 seconds (see --help)\n")
    }

    /// `--unplug` disconnects, `--await-unplug` waits for somebody else to: not both, and a
    /// wait of some seconds; refused before the device is looked at (there is none here).
    @Test func awaitUnplugIsCheckedBeforeAnythingElse() async {
        await Self.expectRefused(
            ["stress", "unbind", "-d", "uvcvideo", "--unplug", "--await-unplug", "60"],
            "mediactl: --unplug disconnects the device, --await-unplug waits for somebody else to: give one of them (see --help)\n")
        for value in ["0", "-5", "nan", "inf", "86401"] {
            await Self.expectRefused(
                ["stress", "unbind", "-d", "uvcvideo", "--await-unplug=\(value)"],
                "mediactl: --await-unplug must be more than 0 and at most 86400 seconds (got \(Double(value) ?? .nan)) (see --help)\n")
        }
    }

    @Test func pinSpellingsAreCheckedBeforeAnythingElse() async {
        let unknown = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--pin", "VIDIOC_NOPE"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("mediactl: --pin unknown ioctl 'VIDIOC_NOPE': give a name of linux/media.h, videodev2.h or v4l2-subdev.h"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        await Self.expectRefused(["stress", "unbind", "-d", "vimc", "--pin", "VIDIOC_QUERYCAP"], "mediactl: --pin VIDIOC_QUERYCAP:in cannot be parked: the kernel does not copy its argument in (_IOR): park it at :out (see --help)\n")
        let point = await BuiltBinary.run(["stress", "unbind", "--pin", "VIDIOC_G_FMT:sideways"])
        #expect(point.stderr == "mediactl: --pin unknown park point 'sideways' in 'VIDIOC_G_FMT:sideways': in, out, inner or out+dmabuf (see --help)\n")
        await Self.expectRefused(["stress", "unbind", "-d", "vivid", "--pin", "VIDIOC_G_FMT:in@radio"], "mediactl: --pin VIDIOC_G_FMT is not issued on radio nodes: only on video, vbi, swradio, touch, video-out, vbi-out, swradio-tx (see --help)\n")
        await Self.expectRefused(["stress", "unbind", "--pin", "VIDIOC_G_FMT@dvb"], "mediactl: --pin unknown node kind 'dvb' in 'VIDIOC_G_FMT@dvb': media, video, subdev, vbi, radio, swradio, touch, video-out, vbi-out, radio-tx, swradio-tx (see --help)\n")
        await Self.expectRefused(["stress", "unbind", "--hold", "media,dvb"], "mediactl: --hold: unknown node kind 'dvb' (use media, video, subdev, vbi, radio, swradio, touch, video-out, vbi-out, radio-tx, swradio-tx) (see --help)\n")
    }

    @Test func fileOperationsAreCheckedBeforeAnythingElse() async {
        await Self.expectRefused(["stress", "unbind", "-d", "vimc", "--file-op", "write"], "mediactl: --file-op unknown file operation 'write': one of read, mmap, open, request, request-queued, request-poll, m2m, dqbuf (see --help)\n")
        await Self.expectRefused(["stress", "unbind", "-d", "vimc", "--file-op", "read", "--pin", "device-info"], "mediactl: --file-op and --pin each park a system call across the unbind: give one of them (see --help)\n")
        let files = await BuiltBinary.run(["stress", "sweep", "--list", "--cells", "file:request*"])
        #expect(files.stdout == "file:request\nfile:request-queued\nfile:request-poll\n")
    }

    @Test func sweepListsItsCellsAndRefusesBadInputInOneLine() async {
        let inner = await BuiltBinary.run(["stress", "sweep", "--list", "--cells", "*:inner"])
        #expect(inner.status == 0)
        // The routing ioctls carry a pointer to their route array (struct v4l2_subdev_routing.routes, v4l2-subdev.h).
        #expect(inner.stdout == "MEDIA_IOC_ENUM_LINKS:inner\nMEDIA_IOC_G_TOPOLOGY:inner\nVIDIOC_G_EXT_CTRLS:inner\nVIDIOC_S_EXT_CTRLS:inner\nVIDIOC_TRY_EXT_CTRLS:inner\nVIDIOC_SUBDEV_G_ROUTING:inner\nVIDIOC_SUBDEV_S_ROUTING:inner\n")
        for (arguments, message) in [
            (["--cells", "NOPE*"], "mediactl: --cells NOPE*: no cell matches; --list prints them (see --help)\n"),
            (["--resume", "-"], "mediactl: --resume needs a file: the state is read back and written after every cell (see --help)\n"),
            (["--resume", "/proc/nope/state"], "mediactl: --resume /proc/nope/state: No such file or directory (cannot create files in /proc/nope) (see --help)\n"),
        ] {
            let result = await BuiltBinary.run(["stress", "sweep", "-d", "vimc"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        let markdown = await BuiltBinary.run(["stress", "sweep", "--markdown", "/proc/nope.json"])
        #expect(markdown.status == 2)
        #expect(markdown.stderr.hasPrefix("mediactl: --markdown /proc/nope.json: not a sweep state"))
    }

    @Test func sweepMarkdownReadsAnAnalysisFileAndRefusesABadOneInOneLine() async throws {
        let directory = "/tmp/mediactl-analysis-\(getpid())"
        mkdir(directory, 0o755)
        defer { for file in ["s.json", "a.tsv"] { unlink("\(directory)/\(file)") }; rmdir(directory) }
        let state = #"{"schemaVersion":1,"device":"platform:vimc","driver":"vimc","kernelRelease":"6.12","cells":[],"rows":[],"#
            + #""findings":[{"signature":"use-after-free: f <- g <- vfs_ioctl","headline":"use-after-free in f","frames":["f","g","vfs_ioctl"],"#
            + #""cells":["X:in"],"reproduction":"r","lines":[]}],"boots":1,"seconds":1}"#
        try #require(await BuiltBinary.runProgram("/bin/sh", ["-c", "printf '%s' '\(state)' > \(directory)/s.json; printf 'use-after-free: f <- g <- vfs_ioctl\\tno\\tg\\twhy\\n' > \(directory)/a.tsv"]).status == 0)
        let good = await BuiltBinary.run(["stress", "sweep", "--analysis", "\(directory)/a.tsv", "--markdown", "\(directory)/s.json"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("- came in by: `ioctl: g -> f`\n- fix belongs in: g\n- listed before: no (write-up below)\n"), "\(good.stdout)")
        let without = await BuiltBinary.run(["stress", "sweep", "--markdown", "\(directory)/s.json"])
        #expect(without.status == 0 && without.stdout.contains("- fix belongs in: `g`, the entry (no analysis yet)\n"))
        for (arguments, message) in [
            (["--analysis", "\(directory)/a.tsv"], "mediactl: --analysis goes with --markdown, before it: --analysis FILE --markdown STATE... (see --help)\n"),
            (["--analysis", "\(directory)/s.json", "--markdown", "\(directory)/s.json"],
             "mediactl: --analysis \(directory)/s.json: line 1: 1 fields, not signature, listed, fix-belongs-in, analysis\n"),
        ] {
            let result = await BuiltBinary.run(["stress", "sweep"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
    }

    @Test func aMissingMediaNodeSaysItIsMissing() async {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "/dev/media-nope"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: resolve bound device /dev/media-nope: No such file or directory (ENOENT); no such device node"))
    }

    @Test(.enabled(if: geteuid() == 0, "as root"))
    func recoverWithNothingToDoSaysSo() async {
        let directory = "/tmp/mediactl-recover-\(getpid())"
        mkdir(directory, 0o755)
        defer { rmdir(directory) }
        let result = await BuiltBinary.runProgram("/usr/bin/env", ["MEDIACTL_RUN_DIR=\(directory)", BuiltBinary.mediactlPath, "stress", "recover"])
        #expect(result.status == 0)
        #expect(result.stdout == "nothing to recover\n")
    }
}
