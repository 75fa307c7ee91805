import Glibc
import MediaControllerTestSupport
import Testing

/// `mediactl watch` as users run it: argument errors, and a real run on this machine's
/// kernel that sees an event and ends with exit status 0 on SIGINT.
@Suite struct WatchCommandTests {
    @Test func badArgumentsAreUsageErrors() async {
        let format = await BuiltBinary.run(["watch", "--format", "yaml"])
        #expect(format.status == 2)
        #expect(format.stdout == "")
        let subsystems = await BuiltBinary.run(["watch", "--subsystem", "media,,video4linux"])
        #expect(subsystems.status == 2)
        #expect(subsystems.stderr.contains("is not a comma-separated list of subsystem names"))
        let source = await BuiltBinary.run(["watch", "--source", "dbus"])
        #expect(source.status == 2)
    }

    @Test(.enabled(if: geteuid() == 0 && access("/sys/devices/virtual/mem/null/uevent", W_OK) == 0, "needs root and a writable /sys"))
    func printsAnEventAndExitsZeroOnSIGINT() async throws {
        let output = "/tmp/mediactl-watch-test-\(getpid()).txt"
        defer {
            unlink(output)
            unlink(output + ".stderr")
        }
        let watch = try #require(await BuiltBinary.start(["watch", "--subsystem", "mem", "--format", "json"], outputPath: output))
        let pid = watch.pid
        defer { kill(pid, SIGKILL) }
        #expect(waitFor { BuiltBinary.contents(of: output + ".stderr").contains("watching mem") })
        // A synthetic change event for /dev/null; repeated in case the first one raced the start.
        #expect(waitFor {
            if let file = fopen("/sys/devices/virtual/mem/null/uevent", "w") {
                fputs("change", file)
                fclose(file)
            }
            return BuiltBinary.contents(of: output).contains(#""devnode":"/dev/null""#)
        })
        kill(pid, SIGINT)
        #expect(await BuiltBinary.wait(watch) == 0)
        let line = BuiltBinary.contents(of: output).split(separator: "\n").first { $0.contains("/dev/null") }
        #expect(line?.hasPrefix(#"{"action":"change","devnode":"/dev/null","major":1,"minor":3,"sequence":"#) == true)
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    func waitFor(_ condition: () -> Bool) -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            usleep(50_000)
        }
        return false
    }
}
