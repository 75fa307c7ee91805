import Foundation
import Testing

@testable import MediaController

/// media-ctl's `-R` syntax and `PAD/STREAM`, parsed and checked against mc_mux's graph
/// (Fixtures/streams/mc-mux.default.recording.json) before anything is set.
@Suite struct RouteSpecTests {
    @Test func parsesMediaCtlsSyntax() throws {
        let spec = try RouteSpecParser.parse("'mc-mux' [0/0 -> 2/3 [1], 1/0->2/1[0] ]")
        #expect(spec.entity == .name("mc-mux"))
        #expect(
            spec.routes == [
                SubdevRoute(sinkPad: 0, sinkStream: 0, sourcePad: 2, sourceStream: 3, active: true),
                SubdevRoute(sinkPad: 1, sinkStream: 0, sourcePad: 2, sourceStream: 1, active: false),
            ])
        #expect(spec.routes.map(\.routeSpec) == ["0/0 -> 2/3 [1]", "1/0 -> 2/1 [0]"])
        #expect(try RouteSpecParser.parse("5 []").routes.isEmpty)
    }

    @Test(arguments: [
        ("'mux' 0/0 -> 2/0 [1]", "expected '['", 6),
        ("'mux' [0 -> 2/0 [1]]", "expected '/'", 8),
        ("'mux' [0/0 -> 2/0 [2]]", "route flags are 1 (active) or 0 (inactive), not 2", 19),
        ("'mux' [0/0 -> 2/0]", "expected '['", 17),
        ("'mux' [0/0 -> 2/64 [1]]", "stream 64 is out of range", 18),
        ("'mux' [0/0 -> 2/0 [1]", "expected ',' and another route, or ']'", 21),
        ("'mux' [0/0 -> 2/0 [1]] x", "unexpected 'x'", 23),
    ])
    func malformedRoutesNameWhatAndWhere(text: String, message: String, offset: Int) {
        #expect {
            try RouteSpecParser.parse(text)
        } throws: { error in
            let error = error as? PipelineSpecError
            return error?.message.hasPrefix(message) == true && error?.offset == offset
        }
    }

    static func graph() throws -> PipelineGraph {
        let recording = try JSONDecoder().decode(
            MediaRecording.self, from: Data(try Fixtures.text("streams/mc-mux.default.recording.json").utf8))
        let source = RecordedMediaSource(recording)
        return PipelineGraph(legacy: try #require(try source.snapshot().legacy))
    }

    @Test(arguments: [
        ("'mc-mux' [0/0 -> 3/0 [1]]", "\"mc-mux\" has no pad 3 (pads 0 to 2)"),
        ("'mc-mux' [2/0 -> 2/1 [1]]", "\"mc-mux\":2 is not a sink pad"),
        ("'mc-mux' [0/0 -> 1/0 [1]]", "\"mc-mux\":1 is not a source pad"),
        ("'mc-mux capture' []", "\"mc-mux capture\" is not a V4L2 subdev: it has no routes"),
        ("'nobody' []", "no entity \"nobody\""),
    ])
    func routesThatDoNotFitTheGraphAreRefused(text: String, message: String) throws {
        let graph = try Self.graph()
        #expect {
            try graph.resolve(try RouteSpecParser.parse(text))
        } throws: { error in
            (error as? PipelineSpecError)?.message == message
        }
        #expect(try graph.resolve(try RouteSpecParser.parse("'mc-mux' [1/0 -> 2/0 [1]]")).devnode == "/dev/v4l-subdev10")
    }

    /// Formats take `PAD/STREAM`; links do not (a stream there is an error, as before).
    @Test func padStreamsInFormatsNotInLinks() throws {
        #expect(try PadSpecParser.parse("'mc-mux':2/3").stream == 3)
        #expect(try PadSpecParser.parse("'mc-mux':2").stream == nil)
        #expect(try FormatSpecParser.parse("'mc-mux':0/1 [fmt:SRGGB8_1X8/320x240]").first?.pad.stream == 1)
        #expect(throws: PipelineSpecError.self) { try LinkSpecParser.parse("'a':0/1 -> 'b':0 [1]") }
    }
}
