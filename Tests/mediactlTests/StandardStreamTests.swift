import Glibc
import MediaControllerTestSupport
import Testing

/// `-` as standard input or output wherever a command takes a file, through the built
/// binary with real pipes. (`klog -`: KlogCommandLineTests; `record -o -` and
/// `stress --report -` need a device: RecordAndReportLaneTests in the VM lane.)
@Suite struct StandardStreamTests {
    static let repository = TestMachine.repository
    static let fixtures = repository + "/Tests/MediaControllerTests/Fixtures/"

    /// `mediactl ARGS < FILE` (or `printf TEXT | mediactl ARGS`), run by bash.
    static func piped(_ arguments: [String], stdinFile: String? = nil, stdinText: String? = nil) async -> BuiltBinary.Result {
        let command = ([BuiltBinary.mediactlPath] + arguments).map(BuiltBinary.shellQuoted).joined(separator: " ")
        if let stdinFile { return await BuiltBinary.runProgram("/bin/bash", ["-c", "\(command) < \(BuiltBinary.shellQuoted(stdinFile))"]) }
        return await BuiltBinary.runProgram("/bin/bash", ["-c", "printf %s \(BuiltBinary.shellQuoted(stdinText ?? "")) | \(command)"])
    }

    /// The recording through standard input renders as media-ctl printed the device
    /// (the fixture captured in the same boot), whether the fast path or ArgumentParser
    /// parses the arguments (`--from=-` and `--from -`; `-d x` first is still fast). The
    /// fixture is media-ctl 1.22's: asked for, not left to the installed media-ctl.
    @Test(arguments: [
        ["topology", "--from", "-", "--format", "media-ctl", "--media-ctl-version", "1.22"],
        ["topology", "--format=media-ctl", "--from=-", "--media-ctl-version=1.22"],
    ])
    func topologyFromStandardInput(arguments: [String]) async {
        let result = await Self.piped(arguments, stdinFile: Self.fixtures + "vimc.recording.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == BuiltBinary.contents(of: Self.fixtures + "vimc.media-ctl-p.txt"))
        #expect(result.stdout.contains("[fmt:RGB888_1X24/640x480"))
    }

    @Test func topologyFromEmptyStandardInputIsBadInput() async {
        let result = await Self.piped(["topology", "--from", "-"], stdinText: "")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: - is not a mediactl recording"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// `apply -` reads its specs from standard input: a bad spec there is reported with
    /// the text that came through the pipe, before any device is opened.
    @Test func applyReadsStandardInput() async {
        let result = await Self.piped(["apply", "-d", "/dev/null", "-"], stdinText: "\"Sensor A\":0 [fmt:NOT_A_CODE/640x480]\n")
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("NOT_A_CODE"))
    }
}
