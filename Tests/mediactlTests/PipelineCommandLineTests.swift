import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// `link`, `format`, `apply` and `check` as users run them: bad input is refused before
/// any device is touched, with one line that gives the position and a caret line.
@Suite struct PipelineCommandLineTests {
    /// The caret of the second line sits under the character the column names.
    static func caretPointsAt(_ stderr: String, _ character: Character) -> Bool {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 3, lines[2].isEmpty, lines[1].hasSuffix("^"), lines[1].trimmingSpaces == "^" else { return false }
        let index = lines[1].count - 1
        let first = Array(lines[0])
        return index < first.count && first[index] == character
    }

    @Test func malformedLinkSpec() async {
        let result = await BuiltBinary.run(["link", "-d", "/dev/null", "\"Debayer B\":1 > \"Scaler\":0 [1]"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: column 15: expected '->' after the source pad, found '>': \"Debayer B\":1 > "))
        #expect(Self.caretPointsAt(result.stderr, ">"))
    }

    @Test func unknownBusCode() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "\"Scaler\":0 [fmt:RGB999_1X24/640x480]"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: column 17: unknown media bus code 'RGB999_1X24': "))
        #expect(Self.caretPointsAt(result.stderr, "R"))
    }

    @Test func commaBetweenProperties() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "\"Scaler\":0 [fmt:RGB888_1X24/640x480,field:none]"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("properties are separated by spaces, not commas"))
        #expect(Self.caretPointsAt(result.stderr, ","))
    }

    @Test func badPadForGet() async {
        let result = await BuiltBinary.run(["format", "-d", "/dev/null", "--get", "\"Scaler\" 0"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: column 10: expected ':' and a pad number after \"Scaler\", found '0'"))
    }

    @Test func argumentsAreRequired() async {
        let link = await BuiltBinary.run(["link"])
        #expect(link.status == 2)
        #expect(link.stderr.contains("or --reset"))
        let format = await BuiltBinary.run(["format", "--get", "1:0", "1:0 [fmt:FIXED/1x1]"])
        #expect(format.status == 2)
        #expect(format.stderr.contains("not both"))
        #expect(await BuiltBinary.run(["apply"]).status == 2)
        #expect(await BuiltBinary.run(["check", "--format", "tap"]).status == 2)
        #expect(await BuiltBinary.run(["validate", "--format", "tap"]).status == 2)
    }

    /// A file is checked line by line before the device is opened.
    @Test func applyReportsFileLineAndColumn() async throws {
        let path = "/tmp/mediactl-test-\(getpid())-bad.pipeline"
        defer { unlink(path) }
        let file = try #require(fopen(path, "w"))
        fputs("# test\n\"Debayer B\":1 -> \"Scaler\":0 [1]\n\"Scaler\":1 [fmt:RGB888_1X24/640x480 @1/0]\n", file)
        fclose(file)
        let result = await BuiltBinary.run(["apply", "-d", "/dev/null", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: \(path):3:40: the frame interval's denominator must not be 0: "))
        #expect(Self.caretPointsAt(result.stderr, "0"))
    }

    @Test func applyOfAMissingFile() async {
        let result = await BuiltBinary.run(["apply", "-d", "/dev/null", "/nonexistent/pipeline"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: cannot read /nonexistent/pipeline: "))
    }

    /// Good input on something that is not a media device: the device error, exit 4.
    @Test(arguments: [
        ["link", "-d", "/dev/null", "8:1 -> 21:0 [1]"],
        ["link", "-d", "/dev/null", "--reset"],
        ["format", "-d", "/dev/null", "21:0 [fmt:RGB888_1X24/640x480]"],
        ["format", "-d", "/dev/null", "--get", "21:0"],
        ["check", "-d", "/dev/null", "--format", "ktap"],
        ["validate", "-d", "/dev/null", "--format", "ktap"],
        ["validate", "-d", "/dev/null", "Scaler"],
    ])
    func notAMediaDevice(arguments: [String]) async {
        let result = await BuiltBinary.run(arguments)
        #expect(result.status == 4)
        #expect(result.stdout == "")
        #expect(result.stderr == "mediactl: /dev/null is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there\n")
    }

    /// A node that is no media device is refused before its lock is taken: with another
    /// program holding the node's lock (this test), `link` still says what is wrong with the
    /// node, exit 4, not that it is busy (exit 2). Parallel tests that ran `link` and
    /// `format` on /dev/null at once had refused each other as busy.
    @Test func aNodeThatIsNoMediaDeviceIsRefusedBeforeItsLock() async throws {
        let holder = try MediaNodeLock(path: "/dev/null")
        let result = await BuiltBinary.run(["link", "-d", "/dev/null", "--reset"])
        withExtendedLifetime(holder) {}
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr == "mediactl: /dev/null is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there\n")
    }

    @Test func helpNamesTheExitCodes() async {
        for command in ["link", "format", "apply", "check", "validate"] {
            let help = await BuiltBinary.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Exit codes"), "\(command) --help")
        }
    }

    /// The commands that change a pipeline refuse another program's stream unless --force,
    /// and say so in their help; the check runs after the node is known to be a media device.
    @Test func theCommandsThatChangeAPipelineTakeForce() async {
        for command in ["link", "format", "apply"] {
            let help = await BuiltBinary.run([command, "--help"])
            #expect(help.stdout.contains("--force"), "\(command) --help")
            #expect(help.stdout.contains("or streams on it"), "\(command) --help")
        }
        let forced = await BuiltBinary.run(["link", "-d", "/dev/null", "--force", "--reset"])
        #expect(forced.status == 4)
        #expect(forced.stderr == "mediactl: /dev/null is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there\n")
    }
}

extension String {
    var trimmingSpaces: String { String(drop { $0 == " " }) }
}
