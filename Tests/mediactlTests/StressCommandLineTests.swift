import Glibc
import MediaControllerTestSupport
import Testing

/// `mediactl stress` refuses bad input before touching any device: one line, exit 2.
/// These run on the host (no media devices), so each would otherwise fail later and
/// differently; the lane checks that a device stays bound.
@Suite struct StressCommandLineTests {
    @Test func anUnwritableReportPathIsRefusedBeforeTheDeviceIsLookedAt() {
        let result = BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--report", "/proc/nope/x"])
        #expect(result.status == 2)
        #expect(result.stderr == "mediactl: --report /proc/nope/x: No such file or directory (cannot create files in /proc/nope) (see --help)\n")
    }

    @Test func durationsMustBeFinite() {
        for value in ["inf", "nan", "-1", "0"] {
            let result = BuiltBinary.run(["stress", "unbind", "--duration=\(value)"])
            #expect(result.status == 2, "\(value)")
            #expect(result.stderr == "mediactl: --duration must be a positive number of seconds (see --help)\n", "\(value)")
        }
        let hammer = BuiltBinary.run(["stress", "unbind", "--hammer-seconds", "inf"])
        #expect(hammer.status == 2)
        #expect(hammer.stderr == "mediactl: --hammer-seconds takes 0 to 3600 seconds (see --help)\n")
    }

    @Test func aMissingMediaNodeSaysItIsMissing() {
        let result = BuiltBinary.run(["stress", "unbind", "-d", "/dev/media-nope"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: resolve bound device /dev/media-nope: No such file or directory (ENOENT); no such device node"))
    }

    @Test(.enabled(if: geteuid() == 0, "as root"))
    func recoverWithNothingToDoSaysSo() {
        let directory = "/tmp/mediactl-recover-\(getpid())"
        mkdir(directory, 0o755)
        defer { rmdir(directory) }
        let result = BuiltBinary.runProgram("/usr/bin/env", ["MEDIACTL_RUN_DIR=\(directory)", BuiltBinary.mediactlPath, "stress", "recover"])
        #expect(result.status == 0)
        #expect(result.stdout == "nothing to recover\n")
    }
}
