import MediaController
import MediaControllerTestSupport
import Testing

/// mediactl against media-ctl (v4l-utils) on the same device in the same guest.
@Suite(.enabled(if: VMLane.isMain, "needs the VM lane's main phase"), .serialized)
struct MediaCtlComparisonTests {
    @Test(arguments: ["vimc", "vivid"])
    func mediaCtlFormatIsByteForByteMediaCtl(driver: String) async throws {
        let node = try VMLane.node(driver: driver)
        let reference = await BuiltBinary.runProgram("media-ctl", ["-p", "-d", node])
        try #require(reference.status == 0, "media-ctl -p failed: \(reference.stdout)")
        let ours = await BuiltBinary.run(["topology", "-d", driver, "--format", "media-ctl"])
        #expect(ours.status == 0)
        #expect(ours.stderr == "")
        #expect(ours.stdout == reference.stdout)
        if ours.stdout != reference.stdout {
            print("--- media-ctl\n\(reference.stdout)--- mediactl\n\(ours.stdout)---")
        }
    }

    @Test(arguments: ["vimc", "vivid"])
    func getTopologyAgreesWithTheLegacyAPI(driver: String) throws {
        let device = try MediaDevice(path: try VMLane.node(driver: driver))
        let info = try device.deviceInfo()
        let modern = Topology(try device.rawTopology(), mediaVersion: info.mediaVersion)
        let legacy = try device.legacyTopology()
        let fromLegacy = Topology(legacy: legacy)
        // Same entities (ids, names truncated to 31 characters), same pads, same data links.
        #expect(modern.entities.map(\.id) == legacy.entities.map(\.id))
        #expect(modern.entities.map { String($0.name.prefix(31)) } == legacy.entities.map(\.name))
        for entity in legacy.entities {
            #expect(modern.pads(of: entity.id).count == Int(entity.padCount), "pads of \(entity.name)")
        }
        func describe(_ topology: Topology) -> [String] {
            topology.dataLinks.compactMap { link in
                guard let source = topology.pad(id: link.sourceID), let sink = topology.pad(id: link.sinkID) else { return nil }
                return "\(source.entityID):\(source.index ?? 99)->\(sink.entityID):\(sink.index ?? 99) \(link.flags.stateNames)"
            }.sorted()
        }
        #expect(describe(modern) == describe(fromLegacy))
        #expect(legacy.entities.reduce(0) { $0 + Int($1.linkCount) } == modern.dataLinks.count)
    }

    @Test func jsonTopologyAgreesWithBothPaths() async throws {
        let result = await BuiltBinary.run(["topology", "-d", "vimc", "--format", "json"])
        #expect(result.status == 0)
        let snapshot = try MediaSnapshot(json: result.stdout)
        let device = try MediaDevice(path: try VMLane.node(driver: "vimc"))
        let info = try device.deviceInfo()
        #expect(snapshot.info == info)
        #expect(snapshot.topology.entities == Topology(try device.rawTopology(), mediaVersion: info.mediaVersion).entities)
        #expect(snapshot.legacy?.entities.map(\.name) == (try device.legacyTopology()).entities.map(\.name))
    }

    /// vimc's graph as its source (drivers/media/test-drivers/vimc/vimc-core.c) defines it.
    @Test func vimcHasTheGraphItsSourceDefines() throws {
        let device = try MediaDevice(path: try VMLane.node(driver: "vimc"))
        let topology = try device.topology()
        let names = Set(topology.entities.map(\.name))
        #expect(names == [
            "Sensor A", "Sensor B", "Debayer A", "Debayer B", "Raw Capture 0", "Raw Capture 1", "RGB/YUV Input",
            "Scaler", "RGB/YUV Capture", "Lens A", "Lens B",
        ])
        #expect(topology.ancillaryLinks.count == 2)
        func link(_ source: String, _ sink: String) -> Link? {
            topology.dataLinks.first { link in
                topology.pad(id: link.sourceID).flatMap { topology.entity(id: $0.entityID)?.name } == source
                    && topology.pad(id: link.sinkID).flatMap { topology.entity(id: $0.entityID)?.name } == sink
            }
        }
        #expect(link("Sensor A", "Debayer A")?.flags == [.enabled, .immutable])
        #expect(link("Debayer A", "Scaler")?.flags == [.enabled])
        #expect(link("Debayer B", "Scaler")?.flags == [])
        #expect(link("RGB/YUV Input", "Scaler")?.flags == [])
        #expect(topology.dataLinks.count == 8)
    }

    @Test func listShowsVimcAndVivid() async throws {
        let result = await BuiltBinary.run(["list", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"driver\" : \"vimc\""))
        #expect(result.stdout.contains("\"driver\" : \"vivid\""))
        let text = await BuiltBinary.run(["list"])
        #expect(text.stdout.contains("vimc.0 (driver vimc)"))
    }

    @Test func ambiguousSelectionListsCandidatesWhenTwoVividDevicesExist() async throws {
        // One vivid device in the main phase: selecting it by driver is unambiguous.
        let result = await BuiltBinary.run(["info", "-d", "vivid"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("driver          vivid"))
    }
}
