import CLinuxMedia
import Foundation
import Testing

@testable import MediaController

/// Routes and streams, from recordings of mc_mux (Scripts/kernel/modules/mc-mux) on the
/// streams kernel (Scripts/kernel/streams), against what each media-ctl release printed
/// for the same device in the same boot (Fixtures/streams/record).
@Suite struct StreamsRecordingTests {
    static let states = ["default", "rerouted"]
    static let cases: [(String, MediaCtlDialect.Release, String)] = states.flatMap { state in
        MediaCtlDialectTests.releases.map { (state, $0.0, $0.1) }
    }

    static func snapshot(_ state: String) throws -> MediaSnapshot {
        let recording = try JSONDecoder().decode(
            MediaRecording.self, from: Data(try Fixtures.text("streams/mc-mux.\(state).recording.json").utf8))
        return try RecordedMediaSource(recording).snapshot()
    }

    @Test(arguments: cases)
    func printIsWhatThatReleasePrinted(state: String, release: MediaCtlDialect.Release, version: String) throws {
        let ours = MediaCtlRenderer(dialect: MediaCtlDialect(release)).render(try Self.snapshot(state))
        let theirs = try Fixtures.text("streams/mc-mux.\(state).\(version).p.txt")
        #expect(ours == theirs)
    }

    /// The mux's routing table, as media-ctl 1.32 printed it (Fixtures/streams/*.1.32.0.p.txt).
    @Test func routesAreTheKernelsTable() throws {
        let mux = try #require(try Self.snapshot("rerouted").subdevs.first { $0.devnode == "/dev/v4l-subdev10" })
        #expect(
            mux.routes == [
                SubdevRoute(sinkPad: 0, sinkStream: 0, sourcePad: 2, sourceStream: 3, active: true),
                SubdevRoute(sinkPad: 1, sinkStream: 0, sourcePad: 2, sourceStream: 1, active: false),
            ])
        #expect(mux.streams?.map { PadStream(pad: $0.pad, stream: $0.stream ?? 99) } == [PadStream(pad: 0, stream: 0), PadStream(pad: 2, stream: 3)])
        #expect(mux.streams?.last?.format?.width == 320)
        // mc_mux_apply_routing gives every stream 1/30 (mc_mux.c); the recording keeps each stream's.
        #expect(mux.streams?.map(\.interval) == [Fraction(numerator: 1, denominator: 30), Fraction(numerator: 1, denominator: 30)])
        // Sensors are single-stream subdevs: no routes.
        #expect(try Self.snapshot("default").subdevs.filter { $0.routes != nil }.count == 1)
    }

    @Test func jsonCarriesRoutes() throws {
        let json = try JSONRenderer().render(try Self.snapshot("default"))
        #expect(json.contains("\"routes\""))
        #expect(json.contains("\"sourceStream\" : 1"))
        let decoded = try JSONDecoder().decode(MediaSnapshot.self, from: Data(json.utf8))
        #expect(decoded == (try Self.snapshot("default")))
    }

    /// A recording made before routes were recorded has none: no `routes` key at all.
    @Test func vimcRecordingHasNoRoutes() throws {
        #expect(try Fixtures.snapshot("vimc").subdevs.allSatisfy { $0.routes == nil && $0.streams == nil })
    }

    @Test func activeStreamsFollowRouteOrderOnThePadsSide() {
        let routes = [
            SubdevRoute(sinkPad: 0, sinkStream: 0, sourcePad: 2, sourceStream: 5, active: true),
            SubdevRoute(sinkPad: 1, sinkStream: 0, sourcePad: 2, sourceStream: 1, active: true),
            SubdevRoute(sinkPad: 1, sinkStream: 7, sourcePad: 2, sourceStream: 9, active: false),
            SubdevRoute(sinkPad: 0, sinkStream: 0, sourcePad: 3, sourceStream: 0, active: true),
        ]
        #expect(routes.activeStreams(onPad: 2, sink: false) == [5, 1])
        #expect(routes.activeStreams(onPad: 0, sink: true) == [0])
        #expect(routes.activeStreams(onPad: 1, sink: true) == [0])
        #expect(routes.activeStreams(onPad: 2, sink: true) == [])
        #expect(routes.activeEnds.count == 5)
    }

    /// The routing ioctls' numbers, as the kernel's UAPI documentation gives them for x86_64.
    @Test(arguments: [
        (IoctlRequest.subdevGetRouting, UInt(0xc040_5626)),
        (IoctlRequest.subdevSetRouting, UInt(0xc040_5627)),
        (IoctlRequest.subdevSetClientCapability, UInt(0xc008_5666)),
    ])
    func routingRequestNumbers(request: IoctlRequest, expected: UInt) {
        #expect(request.number == expected, "\(request.name)")
    }
}
