import Glibc
import MediaControllerTestSupport
import Testing

/// Which media-ctl `topology --format media-ctl` prints as, through the built binary:
/// the installed one's (a stand-in `media-ctl` first on PATH answers `--version`), 1.32
/// without one, or the release `--media-ctl-version` names. Expected outputs are what each
/// release's binary printed (MediaControllerTests/Fixtures/media-ctl-versions/).
@Suite struct MediaCtlVersionCommandLineTests {
    static let fixtures = TestMachine.repository + "/Tests/MediaControllerTests/Fixtures/"
    static let recording = fixtures + "vimc.recording.json"

    static func printed(_ version: String) -> String {
        BuiltBinary.contents(of: fixtures + "media-ctl-versions/vimc.\(version).p.txt")
    }

    /// `mediactl ARGS` with PATH holding only a directory where `media-ctl` is a script
    /// whose body is `mediaCtl` (none when nil), and bash's own directory.
    static func run(_ arguments: [String], mediaCtl: String?) async -> BuiltBinary.Result {
        let directory = temporaryDirectory()
        defer { FileTree.remove(directory) }
        if let mediaCtl {
            let path = directory + "/media-ctl"
            if let file = fopen(path, "w") {
                fputs("#!/bin/sh\n\(mediaCtl)\n", file)
                fclose(file)
            }
            chmod(path, 0o755)  // a stand-in that could not be written fails the expectations
        }
        let command = ([BuiltBinary.mediactlPath] + arguments).map(BuiltBinary.shellQuoted).joined(separator: " ")
        return await BuiltBinary.runProgram("/bin/bash", ["-c", "PATH=\(BuiltBinary.shellQuoted(directory)) exec \(command)"])
    }

    static func temporaryDirectory() -> String {
        FileTree.temporaryDirectory("version-test") ?? "/tmp/mediactl-version-test-failed"
    }

    /// The fast path (`--from X --format media-ctl`) and ArgumentParser (with `-e`, here
    /// through `--format=media-ctl` and a second spelling) both ask the installed media-ctl.
    @Test(arguments: [
        ("echo 'media-ctl 1.28.1'", "1.28.1"), ("echo 'media-ctl 1.26.1'", "1.26.1"),
        ("printf 'media-ctl 1.30.1-7\\nmedia-ctl SHA: abc 2025-01-01\\n'", "1.30.1"), ("echo 'media-ctl 1.22.1'", "1.22.1"),
        // A media-ctl that knows no --version (older than 1.22): 1.22's output.
        ("echo \"Invalid option -$1\"; exit 1", "1.22.1"),
        // None installed: the newest release's.
        (nil, "1.32.0"),
    ] as [(String?, String)])
    func followsTheInstalledMediaCtl(script: String?, version: String) async {
        let result = await Self.run(["topology", "--from", Self.recording, "--format", "media-ctl"], mediaCtl: script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Self.printed(version))
    }

    /// Starting media-ctl costs as much as `topology` itself: it is asked once per binary
    /// (the answer kept under XDG_CACHE_HOME), and again once the binary changed.
    @Test func theInstalledMediaCtlIsAskedOncePerBinary() async throws {
        let directory = Self.temporaryDirectory()
        defer { FileTree.remove(directory) }
        let stand = directory + "/bin/media-ctl", counter = directory + "/asked"
        _ = await BuiltBinary.runProgram("/bin/mkdir", ["-p", directory + "/bin", directory + "/cache"])
        let script = "#!/bin/sh\necho x >> \(counter)\necho 'media-ctl 1.28.1'\n"
        _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "printf '%s' \(BuiltBinary.shellQuoted(script)) > \(stand) && chmod 755 \(stand)"])
        let command = ([BuiltBinary.mediactlPath, "topology", "--from", Self.recording, "--format", "media-ctl"])
            .map(BuiltBinary.shellQuoted).joined(separator: " ")
        let environment = "PATH=\(BuiltBinary.shellQuoted(directory + "/bin")) XDG_CACHE_HOME=\(BuiltBinary.shellQuoted(directory + "/cache"))"
        for _ in 1...3 {
            let result = await BuiltBinary.runProgram("/bin/bash", ["-c", "\(environment) exec \(command)"])
            #expect(result.stdout == Self.printed("1.28.1"), "\(result.stderr)")
        }
        #expect(BuiltBinary.contents(of: counter) == "x\n", "asked once for three runs")
        // Another binary at the same path (here: a newer modification time) is asked again.
        _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "sleep 0.01; touch \(stand)"])
        _ = await BuiltBinary.runProgram("/bin/bash", ["-c", "\(environment) exec \(command)"])
        #expect(BuiltBinary.contents(of: counter) == "x\nx\n")
    }

    @Test(arguments: [("1.26", "1.26.1"), ("1.28", "1.28.1"), ("1.30.1", "1.30.1"), ("1.32", "1.32.0"), ("1.22", "1.22.1")])
    func versionOptionWinsOverTheInstalledOne(option: String, version: String) async {
        for arguments in [
            ["topology", "--from", Self.recording, "--format", "media-ctl", "--media-ctl-version", option],
            ["topology", "--media-ctl-version=\(option)", "--from=\(Self.recording)", "--format=media-ctl"],
            ["topology", "-d", "vimc", "--from", Self.recording, "--format", "media-ctl", "--media-ctl-version", option],
        ] {
            let result = await Self.run(arguments, mediaCtl: "echo 'media-ctl 1.28.1'")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == Self.printed(version))
        }
    }

    /// Bad input is one line and exit 2, before anything is read: the recording does not
    /// exist and no media-ctl is asked (the stand-in would fail the run by writing a file).
    @Test(arguments: [
        (["--media-ctl-version", "1.99"], "The value '1.99' is invalid for '--media-ctl-version <version>'. Please provide one of '1.22', '1.26', '1.28', '1.30' or '1.32'."),
        (["--media-ctl-version", "1.30.x"], "The value '1.30.x' is invalid for '--media-ctl-version <version>'"),
        (["--media-ctl-version", "1.30", "--format", "json"], "--media-ctl-version applies to --format media-ctl only"),
    ])
    func badVersionsAreOneLineAndExitTwo(extra: [String], message: String) async {
        let directory = Self.temporaryDirectory()
        defer { FileTree.remove(directory) }
        let marker = directory + "/asked"
        let arguments = ["topology", "--from", "/nonexistent/recording.json"] + (extra.contains("--format") ? [] : ["--format", "media-ctl"]) + extra
        let result = await Self.run(arguments, mediaCtl: "touch \(BuiltBinary.shellQuoted(marker)); echo 'media-ctl 1.28.1'")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: " + message))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(access(marker, F_OK) != 0)
    }

    @Test func formatTakesTheVersionWithGetOnly() async {
        let result = await Self.run(["format", "-d", "/nonexistent", "\"Scaler\":0 [fmt:RGB888_1X24/640x480]", "--media-ctl-version", "1.30"], mediaCtl: nil)
        #expect(result.status == 2)
        #expect(result.stderr == "mediactl: --media-ctl-version applies to --get only (see --help)\n")
    }
}
