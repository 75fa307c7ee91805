import Glibc
import MediaControllerTestSupport
import Testing

/// `format --which`, `topology --format apply` and `apply --dry-run` as users run them:
/// bad input is refused before any device is opened (`-d /dev/null` would answer 4).
@Suite struct ApplyFileCommandLineTests {
    static let vimcRecording: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path + "/Tests/MediaControllerTests/Fixtures/vimc.recording.json"
    }()

    @Test func tryRefusesAFrameIntervalBeforeTheDevice() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "--which", "try", "\"Scaler\":1 [fmt:RGB888_1X24/640x480 @1/30]"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: column 37: frame intervals cannot be tried: "))
        #expect(result.stderr.split(separator: "\n").count == 2)
    }

    @Test func unknownWhichIsAUsageError() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "--which", "pending", "--get", "21:0"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("pending"))
    }

    /// With a good spec, --which try reaches the device: /dev/null is no media device.
    @Test func tryOnSomethingThatIsNotAMediaDevice() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "--which", "try", "21:0 [fmt:RGB888_1X24/640x480]"])
        #expect(result.status == 4)
        #expect(result.stderr.hasPrefix("mediactl: /dev/null is not a media device"))
    }

    /// The dump of the recording is a file apply reads: every line parses, so the run gets
    /// as far as the device.
    @Test func recordedDumpParsesAsAPipelineFile() async throws {
        let dump = await BuiltBinary.run(["topology", "--from", Self.vimcRecording, "--format", "apply"])
        #expect(dump.status == 0, "\(dump.stderr)")
        #expect(dump.stdout.hasPrefix("# mediactl topology --format apply: VIMC MDEV (platform:vimc), driver vimc\n# links\n"))
        let path = "/tmp/mediactl-test-\(getpid())-dump.pipeline"
        defer { unlink(path) }
        let file = try #require(fopen(path, "w"))
        fputs(dump.stdout, file)
        fclose(file)
        for arguments in [["apply", "-d", "/dev/null", path], ["apply", "--dry-run", "-d", "/dev/null", path]] {
            let result = await BuiltBinary.run(arguments)
            #expect(result.status == 4, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("mediactl: /dev/null is not a media device"))
        }
    }

    @Test func dryRunOfABadFileIsAUsageError() async throws {
        let path = "/tmp/mediactl-test-\(getpid())-dry.pipeline"
        defer { unlink(path) }
        let file = try #require(fopen(path, "w"))
        fputs("\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:odd]\n", file)
        fclose(file)
        let result = await BuiltBinary.run(["apply", "--dry-run", "-d", "/dev/null", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: \(path):1:43: unknown field order 'odd': "))
    }

    @Test func helpDocumentsTheNewOptions() async {
        #expect(await BuiltBinary.run(["format", "--help"]).stdout.contains("--which"))
        #expect(await BuiltBinary.run(["apply", "--help"]).stdout.contains("--dry-run"))
        #expect(await BuiltBinary.run(["topology", "--help"]).stdout.contains("apply"))
    }
}
