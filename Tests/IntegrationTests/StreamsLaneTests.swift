import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// Routes and streams on mc_mux (Scripts/kernel/modules/mc-mux) in the streams kernel
/// (Scripts/kernel/streams), the lane's `streams` phase: `--format media-ctl` against every
/// media-ctl release before and after `route`/`format PAD/STREAM`, `route` set and get, and
/// bad input refused before anything is set.
@Suite(.enabled(if: VMLane.isPhase("streams"), "needs the VM lane's streams phase"), .serialized)
struct StreamsLaneTests {
    static let mux = "'mc-mux'"
    static let defaultRoutes = "\"mc-mux\" [0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]"

    func node() throws -> String { try VMLane.node(driver: "mc_mux") }

    func mediactl(_ arguments: [String]) async -> BuiltBinary.Result { await BuiltBinary.run(arguments) }

    /// Every release's `-p` against mediactl's in that release's dialect; returns the lines compared.
    func parity(_ node: String, _ state: String) async throws -> Int {
        var lines = 0
        for reference in MediaCtlVersionsLaneTests.references {
            let theirs = await BuiltBinary.runProgram(reference.binary, ["-d", node, "-p"])
            try #require(theirs.status == 0, "\(reference.binary): \(theirs.stderr)")
            let ours = await mediactl(["topology", "-d", node, "--format", "media-ctl", "--media-ctl-version", reference.release.rawValue])
            #expect(ours.stdout == theirs.stdout, "\(state): media-ctl \(reference.release.rawValue)")
            if ours.stdout != theirs.stdout { print("--- media-ctl\n\(theirs.stdout)--- mediactl\n\(ours.stdout)---") }
            lines += theirs.stdout.count { $0 == "\n" }
            // The mux alone (`-p -e`): its routes block and streams, without the other entities.
            let entityTheirs = await BuiltBinary.runProgram(reference.binary, ["-d", node, "-p", "-e", "mc-mux"])
            let entityOurs = await mediactl(
                ["topology", "-d", node, "-e", "mc-mux", "--format", "media-ctl", "--media-ctl-version", reference.release.rawValue])
            #expect(entityOurs.stdout == entityTheirs.stdout, "\(state): media-ctl \(reference.release.rawValue) -p -e")
            lines += entityTheirs.stdout.count { $0 == "\n" }
        }
        return lines
    }

    @Test func everyReleasePrintsRoutesAndStreamsAsMediactlDoes() async throws {
        let node = try node()
        let reset = await mediactl(["route", "-d", node, "\(Self.mux) [0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]"])
        #expect(reset.status == 0 && reset.stdout == Self.defaultRoutes + "\n", "\(reset.stderr)")
        let before = try await parity(node, "default routes")
        let routed = await mediactl(["route", "-d", node, "\(Self.mux) [0/0 -> 2/3 [1], 1/0 -> 2/1 [0]]"])
        #expect(routed.stdout == "\"mc-mux\" [0/0 -> 2/3 [1], 1/0 -> 2/1 [0]]\n", "\(routed.stderr)")
        let set = await mediactl(["format", "-d", node, "\(Self.mux):0/0 [fmt:SRGGB8_1X8/320x240]"])
        #expect(set.status == 0, "\(set.stderr)")
        // The driver propagated the sink stream's format to the source stream its route leads to.
        let get = await mediactl(["format", "-d", node, "--get", "\(Self.mux):2/3", "--media-ctl-version", "1.32"])
        let reference = await BuiltBinary.runProgram(MediaCtlVersionsLaneTests.references[4].binary, ["-d", node, "--get-v4l2", "\(Self.mux):2/3"])
        #expect(get.stdout == reference.stdout && get.stdout.hasPrefix("\t\t[stream:3 fmt:SRGGB8_1X8/320x240"), "\(get.stdout)\(get.stderr)")
        let after = try await parity(node, "rerouted")
        print("streams parity: \(before) + \(after) lines of -p, 5 releases, equal")
        _ = await mediactl(["route", "-d", node, "\(Self.mux) [0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]"])
    }

    /// Each is one line (and a caret line for the spec), exit 2, and leaves the routes as they were.
    @Test(arguments: [
        ("'mc-mux' [0/0 -> 5/0 [1]]", "has no pad 5"),
        ("'mc-mux' [2/0 -> 0/0 [1]]", "is not a sink pad"),
        ("'mc-mux' [0/0 -> 2/0 [3]]", "route flags are 1"),
        ("'mc-mux' [0/0 => 2/0 [1]]", "expected '->'"),
        ("'mc-mux sensor a' [0/0 -> 0/0 [1]]", "is not a sink pad"),
        ("'mc-mux capture' []", "is not a V4L2 subdev"),
        ("'no such' []", "no entity"),
    ])
    func badRoutesAreRefusedBeforeAnythingIsSet(routes: String, message: String) async throws {
        let node = try node()
        let result = await mediactl(["route", "-d", node, routes])
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.status): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count <= 2)
        let now = await mediactl(["route", "-d", node, "--get", Self.mux])
        #expect(now.stdout == Self.defaultRoutes + "\n", "\(now.stdout)\(now.stderr)")
    }

    @Test func aSubdevWithoutStreamsHasNoRoutes() async throws {
        let result = await mediactl(["route", "-d", try node(), "'mc-mux sensor a' []"])
        #expect(result.status == 2 && result.stderr.contains("V4L2_SUBDEV_CAP_STREAMS"), "\(result.stderr)")
        let format = await mediactl(["format", "-d", try node(), "--get", "'mc-mux sensor a':0/0"])
        #expect(format.status == 2 && format.stderr.contains("V4L2_SUBDEV_CAP_STREAMS"), "\(format.stderr)")
    }
}

/// On a stock kernel (the main phase's Debian 6.12) the Streams API is off: `route` says so
/// in one line, exit 2, and never shows an ioctl errno.
@Suite(.enabled(if: VMLane.isMain, "needs the VM lane's main phase"))
struct StreamsAPIOffLaneTests {
    @Test func routeNamesTheSwitch() async throws {
        let node = try VMLane.node(driver: "vimc")
        let result = await BuiltBinary.run(["route", "-d", node, "'Scaler' [0/0 -> 1/0 [1]]"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("v4l2_subdev_enable_streams_api") && !result.stderr.contains("errno"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
