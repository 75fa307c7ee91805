import MediaController
import MediaControllerTestSupport
import Testing

/// The built binary, run as users run it: stdout, stderr and exit status pinned.
@Suite struct CommandLineTests {
    @Test func devNullIsRefusedWithOneLine() async {
        let result = await BuiltBinary.run(["topology", "-d", "/dev/null"])
        #expect(result.status == 4)
        #expect(result.stdout == "")
        #expect(result.stderr == "mediactl: /dev/null is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there\n")
    }

    @Test func missingPathIsRefusedWithOneLine() async {
        let result = await BuiltBinary.run(["info", "-d", "/dev/media-nope"])
        #expect(result.status == 4)
        #expect(result.stderr == "mediactl: cannot open /dev/media-nope: No such file or directory (ENOENT); no such device node\n")
    }

    @Test func unknownFormatIsAUsageError() async {
        let result = await BuiltBinary.run(["topology", "--format", "yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("yaml"))
        #expect(result.stdout == "")
    }

    /// `--version` names the commit the binary was built from, as git describes the checkout.
    @Test func versionNamesTheGitCommit() async throws {
        let parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        let checkout = parts.prefix(while: { $0 != "Tests" }).joined(separator: "/")
        let git = await BuiltBinary.runProgram("/usr/bin/git", ["-C", checkout, "describe", "--always", "--dirty", "--abbrev=12"])
        try #require(git.status == 0, "git describe: \(git.stderr)")
        let result = await BuiltBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0 (\(git.stdout.filter { $0 != "\n" }))\n")
    }

    @Test func unknownCommandIsAUsageError() async {
        let result = await BuiltBinary.run(["frobnicate"])
        #expect(result.status == 2)
    }

    @Test func stressValidatesItsArguments() async {
        let cycles = await BuiltBinary.run(["stress", "unbind", "--cycles", "0"])
        #expect(cycles.status == 2)
        #expect(cycles.stderr.contains("--cycles must be at least 1"))
        let hold = await BuiltBinary.run(["stress", "unbind", "--hold", "media,audio"])
        #expect(hold.status == 2)
        #expect(hold.stderr.contains("unknown node kind 'audio'"))
        let pin = await BuiltBinary.run(["stress", "unbind", "--pin", "everything"])
        #expect(pin.status == 2)
    }

    @Test func versionAndHelpSucceed() async {
        #expect(await BuiltBinary.run(["--version"]).status == 0)
        let help = await BuiltBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes"))
    }

    @Test func recordingThatIsNotJSONIsAUsageError() async {
        let result = await BuiltBinary.run(["topology", "--from", "/etc/hostname"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: /etc/hostname is not a mediactl recording"))
    }
}

/// On a machine with no media device at all (CI's host): the commands say so.
@Suite(.enabled(if: ((try? defaultEnumerator().mediaNodes()) ?? []).isEmpty, "this machine has media devices"))
struct NoDeviceTests {
    @Test func topologyWithoutDevicesIsAUsageError() async {
        let result = await BuiltBinary.run(["topology"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: select device: no media devices found ("))
    }

    @Test func listWithoutDevicesSaysSo() async {
        let result = await BuiltBinary.run(["list"])
        #expect(result.status == 0)
        #expect(result.stdout == "no media devices\n")
        #expect(await BuiltBinary.run(["list", "--format", "json"]).stdout == "[\n\n]\n")
    }
}
