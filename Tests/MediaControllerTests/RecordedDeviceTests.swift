import CLinuxMedia
import Foundation
import Testing

@testable import MediaController

/// Decoding and rendering of raw ioctl answers recorded from the real vimc and vivid
/// devices in the VM lane. The reference for `--format media-ctl` is media-ctl's own
/// output, captured in the same boot.
@Suite struct RecordedDeviceTests {
    @Test(arguments: ["vimc", "vivid"])
    func mediaCtlRendererReproducesMediaCtl(driver: String) throws {
        let snapshot = try Fixtures.snapshot(driver)
        let reference = try Fixtures.text("\(driver).media-ctl-p.txt")
        #expect(MediaCtlRenderer().render(snapshot) == reference)
    }

    @Test(arguments: ["vimc", "vivid"])
    func getTopologyAndLegacyViewsAgree(driver: String) throws {
        let snapshot = try Fixtures.snapshot(driver)
        let legacy = try #require(snapshot.legacy)
        #expect(snapshot.topology.entities.map(\.id) == legacy.entities.map(\.id))
        #expect(snapshot.topology.entities.map { String($0.name.prefix(31)) } == legacy.entities.map(\.name))
        #expect(legacy.entities.reduce(0) { $0 + Int($1.linkCount) } == snapshot.topology.dataLinks.count)
        for entity in legacy.entities {
            #expect(snapshot.topology.pads(of: entity.id).count == Int(entity.padCount))
        }
    }

    @Test func vimcDecodesToTheGraphMediaCtlPrinted() throws {
        let topology = try Fixtures.snapshot("vimc").topology
        let reference = try Fixtures.text("vimc.media-ctl-p.txt")
        // media-ctl prints every data link once at its source ("->" lines).
        let printed = reference.split(separator: "\n").filter { $0.hasPrefix("\t\t-> ") }.count
        #expect(topology.dataLinks.count == printed)
        #expect(topology.entities.count == reference.split(separator: "\n").filter { $0.hasPrefix("- entity ") }.count)
        // What media-ctl cannot show: the lens ancillary links and the entity functions.
        let lensA = try #require(topology.entity(named: "Lens A"))
        let sensorA = try #require(topology.entity(named: "Sensor A"))
        #expect(topology.ancillaryLinks.contains { $0.sourceID == sensorA.id && $0.sinkID == lensA.id })
        #expect(lensA.function.name == "LENS")
        #expect(topology.entity(named: "Debayer A")?.function.name == "PROC_VIDEO_PIXEL_ENC_CONV")
        #expect(topology.interfaces.count == 11)
        #expect(topology.interfaces.allSatisfy { $0.devnode != nil })
    }

    @Test func legacyFallbackWhenGTopologyIsMissing() throws {
        var recording = try Fixtures.recording("vimc")
        recording.topology = nil  // as a kernel without MEDIA_IOC_G_TOPOLOGY answers: ENOTTY
        let snapshot = try RecordedMediaSource(recording).snapshot()
        let full = try Fixtures.snapshot("vimc")
        #expect(snapshot.topology.entities.map(\.name) == full.topology.entities.map(\.name))
        #expect(snapshot.topology.dataLinks.count == full.topology.dataLinks.count)
        #expect(MediaCtlRenderer().render(snapshot) == (try Fixtures.text("vimc.media-ctl-p.txt")))
        // The legacy API has no ancillary links.
        #expect(snapshot.topology.ancillaryLinks.isEmpty)
    }

    /// `topology --format media-ctl` reads what media-ctl reads: no G_TOPOLOGY.
    @Test(arguments: ["vimc", "vivid"])
    func legacyOnlyReadSkipsGetTopologyAndStillReproducesMediaCtl(driver: String) throws {
        let recorded = RecordedMediaSource(try Fixtures.recording(driver))
        let source = TopologyCallCounter(recorded)
        let snapshot = try SnapshotReader(devnodes: recorded, subdevs: recorded, includeTopology: false).read(source: source)
        #expect(source.topologyCalls == 0)
        #expect(MediaCtlRenderer().render(snapshot) == (try Fixtures.text("\(driver).media-ctl-p.txt")))
        let full = try SnapshotReader(devnodes: recorded, subdevs: recorded).read(source: source)
        #expect(source.topologyCalls == 1)
        #expect(snapshot.topology.entities.map(\.id) == full.topology.entities.map(\.id))
    }

    @Test(arguments: [("vimc", "text"), ("vimc", "dot"), ("vimc", "json"), ("vivid", "text"), ("vivid", "dot")])
    func renderersMatchTheirGoldenFiles(driver: String, format: String) throws {
        let snapshot = try Fixtures.snapshot(driver)
        let rendered: String
        switch format {
        case "text": rendered = TextRenderer().render(snapshot)
        case "dot": rendered = DotRenderer().render(snapshot)
        default: rendered = try JSONRenderer().render(snapshot)
        }
        let golden = try Fixtures.text("\(driver).\(format).golden")
        #expect(rendered == golden)
    }

    @Test func jsonRoundTripsToTheSameSnapshot() throws {
        let snapshot = try Fixtures.snapshot("vimc")
        let decoded = try MediaSnapshot(json: try JSONRenderer().render(snapshot))
        #expect(decoded == snapshot)
        #expect(decoded.schemaVersion == MediaSnapshot.currentSchemaVersion)
    }

    @Test func recordingRoundTripsByteForByte() throws {
        let recording = try Fixtures.recording("vivid")
        let again = try MediaRecorder().record(
            RecordedMediaSource(recording), devnodes: RecordedMediaSource(recording),
            subdevs: RecordedMediaSource(recording), note: recording.note)
        #expect(again == recording)
    }

    @Test func corruptRecordingIsAnErrorNotATrap() throws {
        var recording = try Fixtures.recording("vimc")
        recording.entities = "not hex"
        let error = #expect(throws: MediaError.self) { try RecordedMediaSource(recording).snapshot() }
        #expect(error?.description.contains("recording has bad entities") == true)
    }
}

/// A recorded device that counts its G_TOPOLOGY calls.
private final class TopologyCallCounter: MediaDataSource {
    let recorded: RecordedMediaSource
    private(set) var topologyCalls = 0
    init(_ recorded: RecordedMediaSource) { self.recorded = recorded }
    var path: String { recorded.path }
    func rawDeviceInfo() throws(MediaError) -> media_device_info { try recorded.rawDeviceInfo() }
    func rawTopology() throws(MediaError) -> RawTopology {
        topologyCalls += 1
        return try recorded.rawTopology()
    }
    func rawEntities() throws(MediaError) -> [media_entity_desc] { try recorded.rawEntities() }
    func rawLinks(of entity: media_entity_desc) throws(MediaError) -> RawEntityLinks { try recorded.rawLinks(of: entity) }
}
