import FoundationEssentials
import Testing

@testable import MediaController

/// `validate`'s rules on vimc's recorded graph. Each expected verdict is the kernel's rule
/// applied by hand: `v4l2_subdev_link_validate_default` (v4l2-subdev.c),
/// `vimc_vdev_link_validate` (vimc-common.c), `__media_pipeline_start` and
/// `media_pipeline_explore_next_link` (mc-entity.c), `vimc_streamer_pipeline_init`
/// (vimc-streamer.c), in Debian's 6.1 and 6.12 sources.
@Suite struct ValidateTests {
    static let link = "\"Sensor A\":0 -> \"Debayer A\":0"

    func verdicts(_ report: ValidationReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.captures.map { ($0.entity, $0.verdict == .fails ? $0.errno ?? "?" : $0.verdict.rawValue) })
    }

    /// vimc starts with RGB888_1X24 on its sensors and SRGGB8_1X8 on its debayers' sinks
    /// (the recording's media-ctl -p says so): the code differs, and every capture node's
    /// pipeline contains such a link, since the kernel walks enabled links both ways
    /// (Raw Capture 0 reaches "Debayer A":0 through "Sensor A":0).
    @Test func vimcAsItStartsRefusesTheSensorsIntoTheDebayers() throws {
        let report = try PipelineValidator.validate(try .vimc())
        #expect(report.links.count == 6)
        #expect(report.mismatches.map(\.name) == [Self.link, "\"Sensor B\":0 -> \"Debayer B\":0"])
        #expect(report.mismatches.allSatisfy { $0.differences == ["code"] })
        #expect(verdicts(report) == ["Raw Capture 0": "EPIPE", "Raw Capture 1": "EPIPE", "RGB/YUV Capture": "EPIPE"])
        let raw = try #require(report.captures.first { $0.entity == "Raw Capture 0" })
        #expect(raw.reason == "\(Self.link): code differs")
        #expect(raw.links.contains(Self.link))
        #expect(report.exitCode == 1)
    }

    @Test func consistentFormatsStartEveryCaptureNode() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        let report = try PipelineValidator.validate(input)
        #expect(report.mismatches.isEmpty)
        #expect(verdicts(report) == ["Raw Capture 0": "starts", "Raw Capture 1": "starts", "RGB/YUV Capture": "starts"])
        #expect(report.exitCode == 0)
    }

    /// "The field order must match, or the sink field order must be NONE" (both rules).
    /// V4L2_FIELD_NONE 1, TOP 2, BOTTOM 3, INTERLACED 4.
    @Test(arguments: [(1, 1, false), (4, 1, false), (2, 1, false), (1, 4, true), (4, 4, false), (2, 3, true)])
    func fieldRule(source: UInt32, sink: UInt32, refused: Bool) throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setPad("Sensor A", 0) { $0.field = source }
        try input.setPad("Debayer A", 0) { $0.field = sink }
        try input.setCapture("Raw Capture 0") { $0.field = sink }
        let report = try PipelineValidator.validate(input)
        #expect(report.mismatches.map(\.name).contains(Self.link) == refused)
        #expect(report.mismatches.map(\.name).contains("\"Sensor A\":0 -> \"Raw Capture 0\":0") == refused)
        #expect(verdicts(report)["Raw Capture 0"] == (refused ? "EPIPE" : "starts"))
    }

    /// The default rule does not compare colorspaces: a warning, no failure. vimc's capture
    /// rule does, unless either side is DEFAULT (0); SRGB 8, RAW 11.
    @Test func colorspaceWarnsOnSubdevLinksAndFailsIntoVimcCaptureNodes() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setPad("Debayer A", 0) { $0.colorspace = 11 }
        var report = try PipelineValidator.validate(input)
        let link = try #require(report.links.first { $0.name == Self.link })
        #expect(link.status == .ok)
        #expect(link.warnings == ["colorspace"])
        #expect(report.exitCode == 0)

        try input.setCapture("Raw Capture 0") { $0.colorspace = 11 }
        report = try PipelineValidator.validate(input)
        #expect(report.mismatches.map(\.differences) == [["colorspace"]])
        try input.setPad("Sensor A", 0) { $0.colorspace = 0 }
        #expect(try PipelineValidator.validate(input).mismatches.isEmpty)
    }

    /// YCbCr encoding, quantization and transfer function must match only where both are set.
    @Test func vimcColorimetryNeedsBothSidesSet() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setCapture("Raw Capture 0") { $0.quantization = 1 }
        #expect(try PipelineValidator.validate(input).mismatches.isEmpty)
        try input.setPad("Sensor A", 0) { $0.quantization = 2 }
        #expect(try PipelineValidator.validate(input).mismatches.map(\.differences) == [["quantization"]])
    }

    /// Size and pixel format into a capture node; vimc maps RGB888_1X24 to RGB24 (RGB3).
    @Test func vimcCaptureComparesSizeAndPixelFormat() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setCapture("RGB/YUV Capture") {
            $0.width = 320
            $0.pixelFormat = PixelFormat.fourcc("BGR3")
        }
        let report = try PipelineValidator.validate(input)
        let mismatch = try #require(report.mismatches.first)
        #expect(mismatch.name == "\"Scaler\":1 -> \"RGB/YUV Capture\":0")
        #expect(mismatch.differences == ["width", "pixelformat"])
        #expect(mismatch.sinkFormat == "pixelformat:BGR3/320x480 field:none colorspace:srgb")
        // Raw Capture 0's pipeline reaches RGB/YUV Capture through Debayer A and the
        // scaler (enabled links, walked both ways): its STREAMON validates that link too.
        #expect(verdicts(report) == ["Raw Capture 0": "EPIPE", "Raw Capture 1": "starts", "RGB/YUV Capture": "EPIPE"])
    }

    /// Without the link into the scaler, RGB/YUV Capture's pipeline validates (no link
    /// fails) but vimc's streamer finds no sensor: EPIPE. Raw Capture 0 no longer
    /// reaches the scaler.
    @Test func vimcStreamerNeedsAPathToASensor() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setLink(("Debayer A", 1), ("Scaler", 0), enabled: false)
        let report = try PipelineValidator.validate(input)
        #expect(report.mismatches.isEmpty)
        let rgb = try #require(report.captures.first { $0.entity == "RGB/YUV Capture" })
        #expect(rgb.verdict == .fails && rgb.errno == "EPIPE")
        #expect(rgb.reason?.hasPrefix("\"Scaler\":0 has no enabled link") == true)
        let raw = try #require(report.captures.first { $0.entity == "Raw Capture 0" })
        #expect(raw.verdict == .starts)
        #expect(raw.links == ["\"Sensor A\":0 -> \"Raw Capture 0\":0", Self.link])
    }

    /// A MUST_CONNECT pad in the pipeline without an enabled link: ENOLINK, even where the
    /// driver's own walk would have said EPIPE later.
    @Test func mustConnectPadWithoutEnabledLinkIsEnolink() throws {
        var input = try ValidationInput.vimc()
        try input.bayerSensors()
        try input.setLink(("Debayer A", 1), ("Scaler", 0), enabled: false)
        let pad = try #require(input.topology.pads.firstIndex { $0.id == (try? input.padID("Scaler", 0)) })
        input.topology.pads[pad].flags.insert(.mustConnect)
        let rgb = try #require(try PipelineValidator.validate(input).captures.first { $0.entity == "RGB/YUV Capture" })
        #expect(rgb.errno == "ENOLINK")
    }

    /// Another driver: subdev links by the default rule, video links not checked, so a
    /// capture node is "unknown" unless a subdev link fails; what is not modelled is said.
    @Test func otherDriversVideoLinksAreNotChecked() throws {
        var input = try ValidationInput.vimc(driver: "other")
        try input.bayerSensors()
        let report = try PipelineValidator.validate(input)
        #expect(report.links.filter { $0.status == .notChecked }.count == 3)
        #expect(report.captures.allSatisfy { $0.verdict == .unknown })
        #expect(report.notModelled.first?.contains("own pad link_validate") == true)
        #expect(report.exitCode == 0)
    }

    // MARK: - scope

    @Test func namedEntityLimitsTheScopeToItsPipeline() throws {
        let input = try ValidationInput.vimc()
        for name in ["Raw Capture 1", "Raw Capture 1".prefix(13).description] {
            let report = try PipelineValidator.validate(input, entities: [name])
            #expect(Set(report.links.map(\.name)) == ["\"Sensor B\":0 -> \"Raw Capture 1\":0", "\"Sensor B\":0 -> \"Debayer B\":0"])
            #expect(report.captures.map(\.entity) == ["Raw Capture 1"])
        }
    }

    @Test(arguments: [
        (["Debayer C"], "no entity named \"Debayer C\" on /dev/media0"),
        (["Raw Capture"], "\"Raw Capture\" is ambiguous: it could be \"Raw Capture 0\", \"Raw Capture 1\""),
        (["Lens A"], "no enabled data link reaches \"Lens A\" on /dev/media0: nothing to validate"),
    ])
    func badScopeIsOneLine(names: [String], message: String) throws {
        #expect(throws: PipelineValidator.ScopeError(description: message)) {
            try PipelineValidator.validate(try .vimc(), entities: names)
        }
    }

    @Test func noEnabledLinkIsAScopeError() throws {
        var input = try ValidationInput.vimc()
        for index in input.topology.links.indices { input.topology.links[index].flags.remove(.enabled) }
        #expect(throws: PipelineValidator.ScopeError(description: "/dev/media0 has no enabled data link: nothing to validate")) {
            try PipelineValidator.validate(input)
        }
    }

    // MARK: - output

    /// The mismatch line names the link, what differs and both formats, in the words
    /// media-ctl -p printed for those pads in the recording.
    @Test func mismatchLineHasTheLinkTheFieldAndMediaCtlsFormats() throws {
        let text = ValidationReportRenderer().text(try PipelineValidator.validate(try .vimc()))
        let mediaCtl = try Fixtures.text("vimc.media-ctl-p.txt").split(separator: "\n")
        func format(after entity: String) throws -> String {
            let at: Int = try #require(mediaCtl.firstIndex { $0.contains(": \(entity) (") })
            let line: Substring = try #require(mediaCtl[(at + 1)...].first { $0.contains("[fmt:") })
            return String(line.filter { $0 != "\t" }.dropFirst().dropLast())
        }
        let line = "MISMATCH  \(Self.link): code differs: source \(try format(after: "Sensor A")), sink \(try format(after: "Debayer A"))\n"
        #expect(text.contains(line), "\(text)")
        #expect(text.hasSuffix("verdict: 2 mismatches on 6 enabled links; 3 capture nodes: 3 fail, 0 start (exit 1)\n"))
    }

    /// KTAP v1: version, plan, one result line a test, the plan's count of them, totals.
    @Test func ktapHasAPlanAndOneLineATest() throws {
        let report = try PipelineValidator.validate(try .vimc())
        let lines = ValidationReportRenderer().ktap(report).split(separator: "\n").map(String.init)
        #expect(lines[0] == "KTAP version 1")
        #expect(lines[1] == "1..9")
        let results = lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") }
        #expect(results.count == 9)
        #expect(results.filter { $0.hasPrefix("not ok") }.count == 5)
        #expect(lines.contains("# link \(Self.link)"))
        #expect(lines.contains("not ok 1 link_Sensor_A_0_-_Debayer_A_0 # code differs"))
        #expect(lines.last == "# Totals: pass:4 fail:5 xfail:0 xpass:0 skip:0 error:0")
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let report = try PipelineValidator.validate(try .vimc())
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(ValidationReport.self, from: data) == report)
    }

    /// `v4l2_fourcc('R', 'G', 'B', '3')` as videodev2.h defines V4L2_PIX_FMT_RGB24.
    @Test func fourccIsTheUAPIs() throws {
        let header = try TextFile.read("/usr/include/linux/videodev2.h")
        #expect(header.contains("#define V4L2_PIX_FMT_RGB24   v4l2_fourcc('R', 'G', 'B', '3')"))
        #expect(PixelFormat.fourcc("RGB3") == 0x3342_4752)
        #expect(PixelFormat.fourccText(0x3342_4752) == "RGB3")
        #expect(PixelFormat.fourccText(0x8000_0000 | PixelFormat.fourcc("AR15")) == "AR15-BE")
    }
}
