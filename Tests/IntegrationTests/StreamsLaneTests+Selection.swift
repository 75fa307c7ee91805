import FoundationEssentials
import MediaController
import MediaControllerTestSupport
import Testing

/// `format PAD/STREAM` with crop, compose and intervals on mc_mux: mc_mux's mux keeps a
/// frame interval per stream (set on a sink stream, carried to the source stream its route
/// leads to) and has no selection at all (mc_mux.c).
extension StreamsLaneTests {
    static var reference132: String { MediaCtlVersionsLaneTests.references[4].binary }

    /// media-ctl 1.32's `-p` of the device: what the comparisons compare.
    func print132(_ node: String) async throws -> String {
        let printed = await BuiltBinary.runProgram(Self.reference132, ["-d", node, "-p"])
        try #require(printed.status == 0, "\(printed.stderr)")
        return printed.stdout
    }

    /// The same `-V` through mediactl and through media-ctl 1.32, each from the default
    /// state: the device must print the same, byte for byte, after either.
    @Test(arguments: [
        "'mc-mux':0/0 [fmt:SRGGB8_1X8/320x240 @1/60]",
        "'mc-mux':1/0 [@1/15], 'mc-mux':2/0 [@1/5]",
    ])
    func streamIntervalsHaveMediaCtlsEffect(spec: String) async throws {
        let node = try node()
        try await setMuxState(node, Self.muxStates[0])
        let before = try await print132(node)
        let ours = await mediactl(["format", "-d", node, spec])
        #expect(ours.status == 0, "\(ours.stderr)")
        let afterOurs = try await print132(node)
        try await setMuxState(node, Self.muxStates[0])
        #expect(try await print132(node) == before)
        let theirs = await BuiltBinary.runProgram(Self.reference132, ["-d", node, "-V", spec])
        #expect(theirs.status == 0, "\(theirs.stderr)")
        let afterTheirs = try await print132(node)
        #expect(afterOurs == afterTheirs, "--- mediactl\n\(afterOurs)--- media-ctl 1.32\n\(afterTheirs)")
        #expect(afterOurs != before, "the spec changed nothing: the comparison proves little")
        try await setMuxState(node, Self.muxStates[0])
    }

    /// Each is one line, exit 2, and nothing is set, not even the spec's own `fmt:` or an
    /// earlier pad's. (media-ctl 1.32 sets the format, then fails on the crop: mediactl
    /// checks first.)
    @Test(arguments: [
        ("'mc-mux':0/0 [fmt:SRGGB8_1X8/320x240 crop:(0,0)/320x240]", "\"mc-mux\":0/0 takes no crop rectangle"),
        ("'mc-mux':1/0 [fmt:SRGGB8_1X8/320x240], 'mc-mux':0/0 [compose:(0,0)/64x64]", "\"mc-mux\":0/0 takes no compose rectangle"),
        ("'mc-mux':0/7 [fmt:SRGGB8_1X8/320x240 @1/60]", "\"mc-mux\":0/7 takes no frame interval"),
        ("'mc-mux':1/0 [fmt:SRGGB8_1X8/320x240], 'mc-mux':9/0 [@1/60]", "not pad 9"),
    ])
    func unsupportedStreamPropertiesAreRefusedBeforeAnythingIsSet(spec: String, message: String) async throws {
        let node = try node()
        try await setMuxState(node, Self.muxStates[0])
        let before = try await print132(node)
        let result = await mediactl(["format", "-d", node, spec])
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.status): \(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").count <= 2, "\(result.stderr)")
        #expect(try await print132(node) == before)
        if message.contains("crop") {
            // The kernel's side: mc_mux answers no selection, so media-ctl fails too (after its fmt:).
            let theirs = await BuiltBinary.runProgram(Self.reference132, ["-d", node, "-V", spec])
            #expect(theirs.status != 0)
            try await setMuxState(node, Self.muxStates[0])
        }
    }

    @Test func streamIntervalsCannotBeTried() async throws {
        let result = await mediactl(["format", "-d", try node(), "--which", "try", "'mc-mux':0/0 [@1/60]"])
        #expect(result.status == 2 && result.stderr.contains("frame intervals cannot be tried"), "\(result.stderr)")
    }
}
