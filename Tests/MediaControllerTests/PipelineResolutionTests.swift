import Testing

@testable import MediaController

/// Specs checked against vimc's graph as recorded from the kernel: what resolves, and the
/// bad input that must be refused (with its column) before any ioctl.
@Suite struct PipelineResolutionTests {
    static func vimc() throws -> PipelineGraph {
        try #require(PipelineGraph(snapshot: try Fixtures.snapshot("vimc")))
    }

    static func link(_ text: String) throws -> LinkSpec {
        try #require(try LinkSpecParser.parse(text).first)
    }

    @Test func debayerBToScaler() throws {
        let graph = try Self.vimc()
        let request = try graph.request(for: try Self.link("\"Debayer B\":1 -> \"Scaler\":0 [1]"))
        #expect(request.address == LinkAddress(source: .init(entityID: 8, index: 1), sink: .init(entityID: 21, index: 0)))
        #expect(request.link.flags == [])
        #expect(request.flags == [.enabled])
        #expect(graph.describe(request.address) == "\"Debayer B\":1 -> \"Scaler\":0")
    }

    @Test func idsWorkLikeNames() throws {
        let graph = try Self.vimc()
        let byID = try graph.request(for: try Self.link("8:1 -> 21:0 [1]"))
        let byName = try graph.request(for: try Self.link("'Debayer B':1 -> 'Scaler':0 [1]"))
        #expect(byID.address == byName.address)
        #expect(byID.flags == byName.flags)
    }

    /// media-ctl ORs the IMMUTABLE bit back in: `[1]` on an immutable enabled link asks for
    /// exactly its own flags, which the kernel accepts.
    @Test func immutableLinkKeepsItsBit() throws {
        let request = try Self.vimc().request(for: try Self.link("\"Sensor A\":0 -> \"Debayer A\":0 [1]"))
        #expect(request.flags == [.enabled, .immutable])
        #expect(request.requestedLink.flags == request.link.flags)
    }

    @Test func disablingAnImmutableLinkIsRefusedAtTheFlags() throws {
        let error = try #require(throws: PipelineSpecError.self) {
            try Self.vimc().request(for: try Self.link("\"Sensor A\":0 -> \"Debayer A\":0 [0]"))
        }
        #expect(error.message == "\"Sensor A\":0 -> \"Debayer A\":0 is immutable [ENABLED,IMMUTABLE] and cannot be disabled")
        #expect(error.column == 32)
    }

    @Test(arguments: [
        ("\"Debayer C\":1 -> \"Scaler\":0 [1]", "no entity named \"Debayer C\"", 1),
        ("\"Debayer B\":1 -> \"scaler\":0 [1]", "no entity named \"scaler\"", 18),
        ("5:1 -> 99:0 [1]", "no entity with id 99", 8),
        ("\"Debayer B\":7 -> \"Scaler\":0 [1]", "\"Debayer B\" has 2 pads (0 to 1), not pad 7", 13),
        ("\"Sensor A\":0 -> \"Lens A\":0 [1]", "\"Lens A\" has no pads", 26),
        ("\"Debayer B\":1 -> \"Scaler\":1 [1]", "no link from \"Debayer B\":1 to \"Scaler\":1", 1),
        (
            "\"Scaler\":0 -> \"Debayer B\":1 [1]",
            "no link from \"Scaler\":0 to \"Debayer B\":1 (there is one the other way: \"Debayer B\":1 -> \"Scaler\":0)", 1
        ),
        ("\"Debayer B\":1 -> \"Scaler\":0 [3]", "flags 3: only ENABLED (1) can be changed; the link is []", 30),
        ("\"Debayer B\":1 -> \"Scaler\":0 [1], \"Raw Capture 0\":0 -> \"Scaler\":0 [1]", "no link from \"Raw Capture 0\":0 to \"Scaler\":0", 34),
    ])
    func badLinksAreRefusedWithTheirColumn(spec: String, message: String, column: Int) throws {
        let graph = try Self.vimc()
        let specs = try LinkSpecParser.parse(spec)
        let error = #expect(throws: PipelineSpecError.self) { try graph.steps(links: specs) }
        #expect(error?.message == message)
        #expect(error?.column == column)
    }

    @Test func formatsResolveToSubdevNodes() throws {
        let graph = try Self.vimc()
        let spec = try #require(try FormatSpecParser.parse("\"Scaler\":0 [fmt:RGB888_1X24/640x480]").first)
        let request = try graph.request(for: spec)
        #expect(request.devnode == "/dev/v4l-subdev5")
        #expect(request.pad.flags == [.sink])
        #expect(request.pad.address == PadAddress(entityID: 21, index: 0))
    }

    @Test(arguments: [
        ("\"Raw Capture 0\":0 [fmt:SRGGB8_1X8/640x480]", "\"Raw Capture 0\" is not a V4L2 subdev: formats are set on subdev pads", 1),
        ("\"Scaler\":2 [fmt:RGB888_1X24/640x480]", "\"Scaler\" has 2 pads (0 to 1), not pad 2", 10),
        ("\"Nope\":0 [fmt:RGB888_1X24/640x480]", "no entity named \"Nope\"", 1),
    ])
    func badFormatsAreRefusedWithTheirColumn(spec: String, message: String, column: Int) throws {
        let graph = try Self.vimc()
        let specs = try FormatSpecParser.parse(spec)
        let error = #expect(throws: PipelineSpecError.self) { try graph.steps(formats: specs) }
        #expect(error?.message == message)
        #expect(error?.column == column)
    }

    /// ENUM_ENTITIES cuts names to 31 characters; the full G_TOPOLOGY name works too.
    @Test func longNamesResolveByEitherSpelling() throws {
        var snapshot = try Fixtures.snapshot("vimc")
        let long = "Scaler with a name longer than thirty-one characters"
        let index = try #require(snapshot.topology.entities.firstIndex { $0.name == "Scaler" })
        snapshot.topology.entities[index].name = long
        let legacyIndex = try #require(snapshot.legacy?.entities.firstIndex { $0.name == "Scaler" })
        snapshot.legacy?.entities[legacyIndex].name = String(long.prefix(31))
        let graph = try #require(PipelineGraph(snapshot: snapshot))
        #expect(graph.entity(.name(long))?.id == 21)
        #expect(graph.entity(.name(String(long.prefix(31))))?.id == 21)
        #expect(graph.name(of: 21) == long)
    }
}
