import Testing

@testable import MediaController

/// `validate` on recordings of mc_mux (Fixtures/streams, Scripts/kernel/modules/mc-mux) in
/// the streams kernel. Every expectation is what the 6.12 kernel's streams-aware pipeline
/// start does, read in its source: __media_pipeline_start, media_pipeline_populate,
/// media_pipeline_explore_next_link and media_entity_has_pad_interdep (mc-entity.c), and
/// v4l2_subdev_link_validate, v4l2_subdev_link_validate_locked,
/// v4l2_link_validate_get_streams, v4l2_subdev_link_validate_default and
/// v4l2_subdev_has_pad_interdep (v4l2-subdev.c). mc_mux's mux has
/// `.link_validate = v4l2_subdev_link_validate` and `.has_pad_interdep =
/// v4l2_subdev_has_pad_interdep`; its sensors and capture node have no entity operations.
@Suite struct StreamsValidateTests {
    /// A recording as validate reads it, the capture node at mc_mux's default format
    /// (mc_mux_try_fmt of 640x480: UYVY); mc_mux's node has no link_validate, so the
    /// node's format decides nothing.
    static func input(_ state: String) throws -> ValidationInput {
        let snapshot = try StreamsRecordingTests.snapshot(state)
        let capture = try #require(snapshot.topology.entity(named: "mc-mux capture"))
        let format = PixelFormat(width: 640, height: 480, pixelFormat: PixelFormat.fourcc("UYVY"), field: 1, colorspace: 8)
        return ValidationInput(
            devnode: snapshot.devnode, driver: snapshot.info.driver, model: snapshot.info.model,
            topology: snapshot.topology, subdevs: snapshot.subdevs,
            videos: [.init(entityID: capture.id, devnode: "/dev/video12", format: format)])
    }

    static let sensorA = "\"mc-mux sensor a\":0 -> \"mc-mux\":0"
    static let sensorB = "\"mc-mux sensor b\":0 -> \"mc-mux\":1"

    func pipelinePads(_ input: ValidationInput, from entity: String) throws -> [String] {
        let pad = try input.padID(entity, 0)
        return KernelPipeline(topology: input.topology, start: pad, routes: input.routingTables).pads.map {
            let name = input.padName($0)
            return "\(name.entity):\(name.index)"
        }
    }

    /// Default routes 0/0 -> 2/0 and 1/0 -> 2/1, every stream UYVY8_1X16/640x480: the walk
    /// from the node reaches both sink pads (each has an active route to pad 2), the two
    /// sensor links are validated on stream 0 and pass, the node's link is not validated.
    @Test func defaultRoutesStart() throws {
        let input = try Self.input("default")
        #expect(
            try pipelinePads(input, from: "mc-mux capture") == [
                "mc-mux capture:0", "mc-mux:2", "mc-mux:0", "mc-mux sensor a:0", "mc-mux:1", "mc-mux sensor b:0",
            ])
        let report = try PipelineValidator.validate(input)
        #expect(report.links.map(\.status) == [.ok, .ok, .ok])
        #expect(report.links.map(\.streams) == [[0], [0], nil])
        let capture = try #require(report.captures.first)
        #expect(capture.verdict == .starts, "\(capture)")
        #expect(capture.links == [Self.sensorA, Self.sensorB])
        #expect(report.exitCode == 0)
    }

    /// Rerouted (0/0 -> 2/3 active, 1/0 -> 2/1 inactive, "mc-mux":0/0 set to
    /// SRGGB8_1X8/320x240): stream 0 of the mux's pad 0 differs from sensor a's stream 0 in
    /// code, width and height: v4l2_subdev_link_validate_default returns EPIPE. Pad 1 has
    /// no active route: v4l2_subdev_has_pad_interdep leaves it (and sensor b) out of the
    /// pipeline.
    @Test func aPerStreamMismatchFailsWithEPIPE() throws {
        let input = try Self.input("rerouted")
        #expect(try pipelinePads(input, from: "mc-mux capture") == ["mc-mux capture:0", "mc-mux:2", "mc-mux:0", "mc-mux sensor a:0"])
        let report = try PipelineValidator.validate(input)
        let link = try #require(report.links.first { $0.name == Self.sensorA })
        #expect(link.status == .mismatch && link.stream == 0 && link.differences == ["code", "width", "height"])
        let capture = try #require(report.captures.first)
        #expect(capture.verdict == .fails && capture.errno == "EPIPE", "\(capture)")
        #expect(capture.reason == "\(Self.sensorA): stream 0: code, width, height differ")
        #expect(capture.links == [Self.sensorA])
        // The unrouted pad's link has no sink stream: nothing to compare, and not in the pipeline.
        let unrouted = try #require(report.links.first { $0.name == Self.sensorB })
        #expect(unrouted.status == .ok && unrouted.streams == [])
        #expect(ValidationReportRenderer().text(report).contains("MISMATCH  \(Self.sensorA): stream 0: code, width, height differ"))
    }

    /// The unrouted sink pad is ignored: with sensor a matching the mux's stream and the
    /// link into pad 1 disabled (hypothetical: mc_mux's links are immutable), pad 1 is
    /// MUST_CONNECT without an enabled link, which would be ENOLINK if it were in the
    /// pipeline; no active route joins it to pad 2, so it is not, and the start succeeds.
    @Test func anUnroutedSinkPadIsIgnored() throws {
        var input = try Self.input("rerouted")
        let sensorA = try input.entityID("mc-mux sensor a")
        let mux = try input.entityID("mc-mux")
        let muxStream = try #require(input.subdevs.first { $0.entityID == mux }?.streams?.first { $0.pad == 0 }?.format)
        let sensor = try #require(input.subdevs.firstIndex { $0.entityID == sensorA })
        input.subdevs[sensor].pads[0].format = muxStream
        try input.setLink(("mc-mux sensor b", 0), ("mc-mux", 1), enabled: false)
        let report = try PipelineValidator.validate(input)
        let capture = try #require(report.captures.first)
        #expect(capture.verdict == .starts, "\(capture)")
        #expect(capture.links == [Self.sensorA])
        // From sensor b, the walk stops at pad 1: no route leads on to the node.
        #expect(try pipelinePads(input, from: "mc-mux sensor b") == ["mc-mux sensor b:0"])
    }

    /// Routes 0/1 -> 2/0 and 1/0 -> 2/1: the mux's pad 0 carries stream 1, sensor a (not a
    /// streams subdev) stream 0 alone: stream 1 is dangling, v4l2_subdev_link_validate_locked
    /// returns EINVAL before comparing any format.
    @Test func aDanglingSinkStreamFailsWithEINVAL() throws {
        var input = try Self.input("default")
        let mux = try #require(input.subdevs.firstIndex { $0.routes != nil })
        input.subdevs[mux].routes?[0].sinkStream = 1
        for index in input.subdevs[mux].streams?.indices ?? 0..<0 where input.subdevs[mux].streams?[index].pad == 0 {
            input.subdevs[mux].streams?[index].stream = 1
        }
        let report = try PipelineValidator.validate(input)
        let link = try #require(report.links.first { $0.name == Self.sensorA })
        #expect(link.status == .mismatch && link.dangling == [1] && link.differences.isEmpty)
        let capture = try #require(report.captures.first)
        #expect(capture.verdict == .fails && capture.errno == "EINVAL", "\(capture)")
        #expect(capture.reason == "\(Self.sensorA): sink stream 1 of \"mc-mux\":0 has no source stream on \"mc-mux sensor a\":0 (dangling)")
        let text = ValidationReportRenderer().text(report)
        #expect(text.contains("MISMATCH  \(Self.sensorA): sink stream 1 of \"mc-mux\":0 has no source stream"), "\(text)")
        #expect(text.contains("ok        \(Self.sensorB) (v4l2_subdev_link_validate_default, stream 0)"), "\(text)")
        #expect(text.contains("ok        \"mc-mux\":2 -> \"mc-mux capture\":0 (none: the sink has no link_validate)"), "\(text)")
        let ktap = ValidationReportRenderer().ktap(report)
        #expect(ktap.contains("# SKIP") == false && ktap.contains("not ok 1 "), "\(ktap)")
    }

    /// A stream format the recording lacks is not guessed: the link is not checked.
    @Test func aMissingStreamFormatIsNotChecked() throws {
        var input = try Self.input("default")
        let mux = try #require(input.subdevs.firstIndex { $0.routes != nil })
        input.subdevs[mux].streams?.removeAll { $0.pad == 1 }
        let report = try PipelineValidator.validate(input)
        let link = try #require(report.links.first { $0.name == Self.sensorB })
        #expect(link.status == .notChecked && link.reason == "the format of \"mc-mux\":1/0 could not be read")
        #expect(report.captures.first?.verdict == .unknown)
    }
}
