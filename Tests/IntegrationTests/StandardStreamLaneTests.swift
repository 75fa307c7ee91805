import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// `-` as standard output for the file options that need a device: `record -o -` and
/// `stress unbind --report -` (the stdin side and `klog -` are unit-tested in mediactlTests).
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"), .serialized)
struct StandardStreamLaneTests {
    /// The lane runs from the repository root: a file named `-` there would mean `-` was
    /// taken as a path.
    var dashFileExists: Bool { access("-", F_OK) == 0 }

    @Test func recordToStandardOutputIsTheRecording() async throws {
        let toDash = await BuiltBinary.run(["record", "-d", "vimc", "-o", "-"])
        #expect(toDash.status == 0, "\(toDash.stderr)")
        #expect(!dashFileExists)
        let recording = try JSONDecoder().decode(MediaRecording.self, from: Data(toDash.stdout.utf8))
        let plain = await BuiltBinary.run(["record", "-d", "vimc"])
        #expect(toDash.stdout == plain.stdout)
        // The recording holds the device media-ctl sees: as many entities as `media-ctl -p` lists.
        let reference = await BuiltBinary.runProgram("media-ctl", ["-p", "-d", try VMLane.node(driver: "vimc")])
        let listed = reference.stdout.split(separator: "\n").filter { $0.hasPrefix("- entity ") }.count
        #expect(listed > 0)
        #expect(try RecordedMediaSource(recording).snapshot().topology.entities.count == listed)
    }

    @Test func stressReportToStandardOutputFollowsTheKTAP() async throws {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--cycles", "1", "--format", "ktap", "--report", "-"])
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(!dashFileExists)
        #expect(result.stdout.hasPrefix("KTAP version 1\n"))
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "{"), "no JSON after the KTAP")
        let report = try JSONDecoder().decode(StressReport.self, from: Data(lines[start...].joined(separator: "\n").utf8))
        #expect(report.verdict == .clean)
        #expect(report.cycles.count == 1)
    }
}
