import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// A driver with several instances under one bound device: vivid n_devs=3 with different
/// node types each (Scripts/vm/phases/instances). Unbinding vivid.0 removes all three and
/// they come back renumbered; each instance in turn must be found again by its bus info and
/// give a clean verdict (it gave a false "topology changed" finding, or device-lost, before).
@Suite(.enabled(if: VMLane.phase == "instances" && TestMachine.isRoot, "needs the VM lane's instances phase, as root"), .serialized)
struct InstancesLaneTests {
    static let busInfos = ["platform:vivid-000", "platform:vivid-001", "platform:vivid-002"]

    /// Three vivid variants (node_types 0xe1d3d, 0x1, 0x2011d: different nodes and pads)
    /// printed as each media-ctl release prints them.
    @Test(arguments: busInfos)
    func everyVariantIsPrintedAsEveryMediaCtlPrintsIt(busInfo: String) async throws {
        let ours = await BuiltBinary.run(["topology", "-d", busInfo, "--format", "media-ctl"])
        #expect(ours.status == 0, "\(ours.stderr)")
        try await MediaCtlVersionsLaneTests.everyReleasePrintsTopology(busInfo: busInfo, ours: ours.stdout)
    }

    @Test func everyInstanceIsFollowedAcrossRebindsByItsBusInfo() async throws {
        // Three media devices under vivid.0, or the phase did not set up what it tests.
        let nodes = try defaultEnumerator().mediaNodes().filter { $0.parentName == "vivid.0" }
        try #require(nodes.count == 3, "vivid n_devs=3 gave \(nodes.count) media devices")
        for busInfo in Self.busInfos {
            let result = await BuiltBinary.run(["stress", "unbind", "-d", busInfo, "--cycles", "3", "--format", "json"])
            let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
            #expect(result.status == 0, "\(busInfo): \(result.stderr) \(report.error ?? "")")
            #expect(report.verdict == .clean, "\(busInfo)")
            #expect(report.cycles.count == 3, "\(busInfo)")
            #expect(report.target?.busInfo == busInfo)
            for cycle in report.cycles {
                #expect(cycle.topologyUnchanged == true, "\(busInfo) cycle \(cycle.index): \(cycle.contract.filter { !$0.passed })")
            }
            // Still the same instance at the end (its bus info behind the media node it names).
            let final = try #require(report.target?.mediaNode)
            #expect(try MediaDevice(path: final).deviceInfo().busInfo == busInfo)
        }
        #expect(access("/sys/bus/platform/drivers/vivid/vivid.0", F_OK) == 0)
    }
}
