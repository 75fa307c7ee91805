import FoundationEssentials
import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

/// `validate` on mc_mux against the kernel: mc_mux's capture node has no buffers, and its
/// VIDIOC_STREAMON is video_device_pipeline_start alone (mc_mux.c), so STREAMON without
/// buffers returns exactly the streams-aware pipeline start's verdict: the walk
/// (media_pipeline_populate with v4l2_subdev_has_pad_interdep) and the per-stream link
/// validation (v4l2_subdev_link_validate). Each state below is set through mediactl and
/// media-ctl; the verdict the kernel gives is what validate must have predicted.
extension StreamsLaneTests {
    /// A state of mc_mux: the routes, then formats, set in that order, and the errno the
    /// pipeline start is expected to return (read from the kernel source, for the report's
    /// sake: the comparison itself is validate against STREAMON).
    struct MuxState: Sendable, CustomStringConvertible {
        var name: String
        var routes: String
        var formats: [String]
        var kernel: String
        var description: String { name }
    }

    static let sensorsDefault = "'mc-mux sensor a':0 [fmt:UYVY8_1X16/640x480], 'mc-mux sensor b':0 [fmt:UYVY8_1X16/640x480]"

    static let muxStates: [MuxState] = [
        MuxState(name: "default", routes: "[0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]", formats: [], kernel: "0"),
        MuxState(
            name: "rerouted, mux stream 0/0 SRGGB8 320x240", routes: "[0/0 -> 2/3 [1], 1/0 -> 2/1 [0]]",
            formats: ["'mc-mux':0/0 [fmt:SRGGB8_1X8/320x240]"], kernel: "EPIPE"),
        // Sensor a set as a source pad: media-ctl's rule carries it to the mux's pad 0
        // (stream 0). Sensor b stays at 640x480: its pad has no active route.
        MuxState(
            name: "rerouted, sensor a SRGGB8 320x240, pad 1 unrouted", routes: "[0/0 -> 2/3 [1], 1/0 -> 2/1 [0]]",
            formats: ["'mc-mux sensor a':0 [fmt:SRGGB8_1X8/320x240]"], kernel: "0"),
        MuxState(name: "sink stream 1 on pad 0: dangling", routes: "[0/1 -> 2/0 [1], 1/0 -> 2/1 [1]]", formats: [], kernel: "EINVAL"),
        MuxState(
            name: "default routes, mux stream 1/0 320x240", routes: "[0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]",
            formats: ["'mc-mux':1/0 [fmt:UYVY8_1X16/320x240]"], kernel: "EPIPE"),
        MuxState(name: "one route, from pad 1", routes: "[1/0 -> 2/0 [1]]", formats: [], kernel: "0"),
    ]

    /// Default routes first, so that the sensors' formats (carried to the mux's stream 0 of
    /// each sink pad) have somewhere to go, then the state's routes and formats.
    func setMuxState(_ node: String, _ state: MuxState) async throws {
        let reset = await mediactl(["route", "-d", node, "\(Self.mux) \(Self.muxStates[0].routes)"])
        try #require(reset.status == 0, "\(reset.stderr)")
        let sensors = await mediactl(["format", "-d", node, Self.sensorsDefault])
        try #require(sensors.status == 0, "\(sensors.stderr)")
        let routes = await mediactl(["route", "-d", node, "\(Self.mux) \(state.routes)"])
        try #require(routes.status == 0, "\(state): \(routes.stderr)")
        for format in state.formats {
            let set = await mediactl(["format", "-d", node, format])
            try #require(set.status == 0, "\(state): \(set.stderr)")
        }
    }

    @Test func validateAgreesWithThePipelineStartOfEveryState() async throws {
        let node = try node()
        var agreed: [String] = []
        for state in Self.muxStates {
            try await setMuxState(node, state)
            let input = try ValidationInput.read(MediaDevice(path: node), devnodes: defaultDevnodeResolver())
            let report = try PipelineValidator.validate(input)
            let verdict = try #require(report.captures.first { $0.entity == "mc-mux capture" })
            let devnode = try #require(verdict.devnode)
            let errno = try VideoNode(path: devnode, mode: .readWrite).streamOnWithoutBuffers()
            let kernel = errno.map { errnoName($0.rawValue) } ?? "0"
            let predicted = verdict.verdict == .starts ? "0" : verdict.verdict == .fails ? verdict.errno ?? "?" : "unknown"
            #expect(predicted == kernel, "\(state): validate \(predicted) (\(verdict.reason ?? "")), STREAMON \(kernel)")
            #expect(kernel == state.kernel, "\(state): the kernel's verdict is not the one read in its source")
            agreed.append("\(state.name): \(kernel)")
        }
        print("validate vs STREAMON on mc_mux: \(agreed.count) states agree: " + agreed.joined(separator: "; "))
        // The command, on the last failing state: text and exit 1.
        try await setMuxState(node, Self.muxStates[1])
        let text = await mediactl(["validate", "-d", node])
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("MISMATCH  \"mc-mux sensor a\":0 -> \"mc-mux\":0: stream 0: code, width, height differ"), "\(text.stdout)")
        #expect(text.stdout.contains("STREAMON fails with EPIPE"), "\(text.stdout)")
        try await setMuxState(node, Self.muxStates[0])
    }
}
