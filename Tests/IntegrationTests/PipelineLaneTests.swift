import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// `link`, `format`, `apply` and `check` on the guest's vimc and vivid, against media-ctl
/// (v4l-utils 1.22.1) on the same device. They change vimc's links and formats, so they
/// run one after the other and put vimc's default links back.
@Suite(.enabled(if: VMLane.phase == "pipeline" && TestMachine.isRoot, "needs the VM lane's pipeline phase, as root"), .serialized)
struct PipelineLaneTests {
    static let debayerBToScaler = "\"Debayer B\":1 -> \"Scaler\":0"

    /// A sensor, a debayer's two pads, the scaler's two (one by id); the scaler's sink
    /// pad has crop rectangles.
    static let vimcPads = [
        "\"Sensor A\":0", "\"Debayer A\":0", "\"Debayer A\":1", "\"Scaler\":0", "21:1",
    ]

    /// vimc's formats as the driver starts, set pad by pad in an order that undoes
    /// media-ctl's propagation (a source pad's format is copied to the sinks it feeds).
    static let vimcDefaultFormats = [
        "Sensor A", "Sensor B", "RGB/YUV Input",
    ].map { "\"\($0)\":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]" } + [
        "\"Debayer A\":0 [fmt:SRGGB8_1X8/640x480 field:none colorspace:srgb]",
        "\"Debayer B\":0 [fmt:SRGGB8_1X8/640x480 field:none colorspace:srgb]",
        "\"Debayer A\":1 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]",
        "\"Debayer B\":1 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]",
        "\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]",
        "\"Scaler\":1 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]",
    ]

    let node: String

    init() throws {
        node = try VMLane.node(driver: "vimc")
    }

    // MARK: - Helpers

    func mediaCtl(_ arguments: [String]) async throws -> String {
        let result = await BuiltBinary.runProgram("media-ctl", ["-d", node] + arguments)
        try #require(result.status == 0, "media-ctl \(arguments) failed: \(result.stdout)\(result.stderr)")
        return result.stdout
    }

    /// vimc's default links: every mutable link off (media-ctl resets before it sets
    /// links), then Debayer A into the scaler.
    func restoreDefaultLinks() async throws {
        _ = try await mediaCtl(["-r", "-l", "\"Debayer A\":1 -> \"Scaler\":0 [1]"])
    }

    /// One `media-ctl -V` call sets the pads in list order.
    func restoreDefaultFormats() async throws {
        _ = try await mediaCtl(["-V", Self.vimcDefaultFormats.joined(separator: ",")])
    }

    func flags(_ source: String, _ sourcePad: UInt16, _ sink: String, _ sinkPad: UInt16) throws -> LinkFlags? {
        let legacy = try MediaDevice(path: node).legacyTopology()
        let sourceID = try #require(legacy.entities.first { $0.name == source }?.id)
        let sinkID = try #require(legacy.entities.first { $0.name == sink }?.id)
        return legacy.entities.flatMap(\.links).first {
            $0.source.entityID == sourceID && $0.source.index == sourcePad && $0.sink.entityID == sinkID
                && $0.sink.index == sinkPad
        }?.flags
    }

    /// The block `media-ctl -p` prints for one entity.
    func mediaCtlBlock(_ entity: String) async throws -> String {
        let text = try await mediaCtl(["-p"])
        let blocks = text.split(separator: "\n- entity ", omittingEmptySubsequences: false)
        return String(try #require(blocks.first { $0.contains(": \(entity) (") }))
    }

    func expectSameTopologyAsMediaCtl() async throws {
        let reference = try await mediaCtl(["-p"])
        let ours = await BuiltBinary.run(["topology", "-d", node, "--format", "media-ctl"])
        #expect(ours.status == 0)
        #expect(ours.stdout == reference)
    }

    // MARK: - link

    @Test func debayerBLinkOnAndOffReadsBackAsMediaCtlSees() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            let on = await BuiltBinary.run(["link", "-d", "vimc", "\(Self.debayerBToScaler) [1]"])
            #expect(on.status == 0, "\(on.stderr)")
            #expect(on.stdout == "\(Self.debayerBToScaler) [ENABLED] (was [])\n")
            #expect(try flags("Debayer B", 1, "Scaler", 0) == [.enabled])
            #expect(try await mediaCtlBlock("Debayer B").contains("\t\t-> \"Scaler\":0 [ENABLED]\n"))
            try await expectSameTopologyAsMediaCtl()

            let again = await BuiltBinary.run(["link", "-d", "vimc", "8:1 -> 21:0 [1]"])
            #expect(again.stdout == "\(Self.debayerBToScaler) [ENABLED] (unchanged)\n")

            let off = await BuiltBinary.run(["link", "-d", "vimc", "\(Self.debayerBToScaler) [0]"])
            #expect(off.status == 0, "\(off.stderr)")
            #expect(off.stdout == "\(Self.debayerBToScaler) [] (was [ENABLED])\n")
            #expect(try flags("Debayer B", 1, "Scaler", 0) == [])
            #expect(try await mediaCtlBlock("Debayer B").contains("\t\t-> \"Scaler\":0 []\n"))
            try await expectSameTopologyAsMediaCtl()
        } cleanup: {
            try? await restoreDefaultLinks()
        }
    }

    /// A link set by media-ctl -l is what mediactl reads, and the other way round.
    @Test func linksSetByEitherToolAgree() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            _ = try await mediaCtl(["-l", "\"Debayer A\":1->\"Scaler\":0[0], 19:0 -> 21:0 [1]"])
            let ours = await BuiltBinary.run(["link", "-d", "vimc", "\"Debayer A\":1 -> \"Scaler\":0 [0], \"RGB/YUV Input\":0 -> \"Scaler\":0 [1]"])
            #expect(ours.stdout == """
                "Debayer A":1 -> "Scaler":0 [] (unchanged)
                "RGB/YUV Input":0 -> "Scaler":0 [ENABLED] (unchanged)

                """)
            try await expectSameTopologyAsMediaCtl()
        } cleanup: {
            try? await restoreDefaultLinks()
        }
    }

    @Test func resetHasTheEffectOfMediaCtlReset() async throws {
        try await withCleanup {
            let busy = "\"Debayer A\":1 -> \"Scaler\":0 [1], \(Self.debayerBToScaler) [1], 19:0 -> 21:0 [1]"
            _ = try await mediaCtl(["-l", busy])
            let ours = await BuiltBinary.run(["link", "-d", "vimc", "--reset"])
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.stdout.split(separator: "\n").count == 3)
            #expect(ours.stdout.split(separator: "\n").allSatisfy { $0.contains(" [] (was [ENABLED])") })
            let afterOurs = try await mediaCtl(["-p"])
            _ = try await mediaCtl(["-l", busy])
            _ = try await mediaCtl(["-r"])
            #expect(try await mediaCtl(["-p"]) == afterOurs)
            #expect(try flags("Sensor A", 0, "Debayer A", 0) == [.enabled, .immutable])
            let nothing = await BuiltBinary.run(["link", "-d", "vimc", "--reset"])
            #expect(nothing.stdout == "no link to reset: every enabled link is immutable\n")
        } cleanup: {
            try? await restoreDefaultLinks()
        }
    }

    /// Bad input is refused with its column, and nothing changes.
    @Test(arguments: [
        ("\"Sensor A\":0 -> \"Debayer A\":0 [0]", "column 32: \"Sensor A\":0 -> \"Debayer A\":0 is immutable [ENABLED,IMMUTABLE] and cannot be disabled"),
        ("\"Debayer C\":1 -> \"Scaler\":0 [1]", "column 1: no entity named \"Debayer C\""),
        ("\"Debayer B\":2 -> \"Scaler\":0 [1]", "column 13: \"Debayer B\" has 2 pads (0 to 1), not pad 2"),
        ("\"Debayer B\":1 -> \"Scaler\":1 [1]", "column 1: no link from \"Debayer B\":1 to \"Scaler\":1"),
        ("\"Debayer A\":1 -> \"Scaler\":0 [0], \"Debayer B\":1 -> \"Scaler\":0 [", "column 63: expected the link flags (0 or 1)"),
    ])
    func badLinksChangeNothing(spec: String, message: String) async throws {
        try await restoreDefaultLinks()
        let before = try await mediaCtl(["-p"])
        let result = await BuiltBinary.run(["link", "-d", "vimc", spec])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: \(message): "))
        #expect(result.stderr.split(separator: "\n").count == 2)
        #expect(try await mediaCtl(["-p"]) == before)
    }

    // MARK: - format

    @Test func getIsByteForByteMediaCtlGetV4l2() async throws {
        for pad in Self.vimcPads {
            let reference = try await mediaCtl(["--get-v4l2", pad])
            let ours = await BuiltBinary.run(["format", "-d", "vimc", "--get", pad])
            #expect(ours.status == 0, "\(pad): \(ours.stderr)")
            #expect(ours.stdout == reference, "\(pad)")
            #expect(reference.hasPrefix("\t\t[fmt:"), "\(pad)")
        }
    }

    /// A spec set by mediactl leaves vimc exactly as the same spec set by `media-ctl -V`
    /// (propagation to linked subdev sink pads included), as `media-ctl -p` shows it.
    @Test(arguments: [
        "\"Sensor A\":0 [fmt:SRGGB8_1X8/320x240]",
        "\"Sensor B\":0 [fmt:SGRBG8_1X8/1920x1080 field:none colorspace:raw]",
        "\"Debayer A\":1 [fmt:RGB888_1X24/800x600 field:none colorspace:srgb]",
        "\"Scaler\":0 [fmt:RGB888_1X24/320x240 crop:(10,10)/300x200]",
        "\"Scaler\":1 [fmt:RGB888_1X24/1280x960], \"Debayer B\":0 [fmt:SBGGR8_1X8/8x8]",
    ])
    func formatHasTheEffectOfMediaCtlV(spec: String) async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            try await restoreDefaultFormats()
            let ours = await BuiltBinary.run(["format", "-d", "vimc", spec])
            #expect(ours.status == 0, "\(ours.stderr)")
            let afterOurs = try await mediaCtl(["-p"])
            try await restoreDefaultFormats()
            _ = try await mediaCtl(["-V", spec])
            let afterMediaCtl = try await mediaCtl(["-p"])
            #expect(afterOurs == afterMediaCtl)
            if afterOurs != afterMediaCtl { print("--- after mediactl\n\(afterOurs)--- after media-ctl -V\n\(afterMediaCtl)---") }
        } cleanup: {
            try? await restoreDefaultFormats()
        }
    }

    @Test func sensorFormatSetByMediactlIsWhatMediaCtlSees() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            let result = await BuiltBinary.run(["format", "-d", "vimc", "\"Sensor A\":0 [fmt:SRGGB8_1X8/320x240]"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("\"Sensor A\":0 [fmt:SRGGB8_1X8/320x240") == true)
            #expect(lines.last?.hasSuffix("(propagated from \"Sensor A\":0)") == true)
            let sensor = try await mediaCtl(["--get-v4l2", "\"Sensor A\":0"])
            #expect(sensor.hasPrefix("\t\t[fmt:SRGGB8_1X8/320x240"))
            #expect(try await mediaCtl(["--get-v4l2", "\"Debayer A\":0"]).hasPrefix("\t\t[fmt:SRGGB8_1X8/320x240"))
            for pad in ["\"Sensor A\":0", "\"Debayer A\":0"] {
                #expect(await BuiltBinary.run(["format", "-d", "vimc", "--get", pad]).stdout == (try mediaCtl(["--get-v4l2", pad])))
            }
        } cleanup: {
            try? await restoreDefaultFormats()
        }
    }

    @Test func formatSetByMediaCtlIsWhatWeSee() async throws {
        try await withCleanup {
            _ = try await mediaCtl(["-V", "\"Scaler\":0 [fmt:RGB888_1X24/320x240 crop:(8,8)/300x200]"])
            let ours = await BuiltBinary.run(["format", "-d", "vimc", "--get", "\"Scaler\":0"])
            #expect(ours.stdout == (try await mediaCtl(["--get-v4l2", "\"Scaler\":0"])))
            #expect(ours.stdout.contains("crop:(8,8)/300x200"))
            try await expectSameTopologyAsMediaCtl()
            let scaler = try SubdevNode(path: try #require(try await mediaCtl(["-e", "Scaler"]).split(separator: "\n").first.map(String.init)))
            #expect(MediaCtlPadFormat.read(scaler, pad: 0)?.format?.width == 320)
        } cleanup: {
            try? await restoreDefaultFormats()
        }
    }

    /// What the driver changes is reported: vimc's scaler has a 16x16 minimum.
    @Test func driverAdjustmentsAreReported() async throws {
        try await withCleanup { () async throws in
            let result = await BuiltBinary.run(["format", "-d", "vimc", "\"Scaler\":0 [fmt:RGB888_1X24/2x2]"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("(adjusted by the driver: size 2x2 -> 16x16)"))
            #expect(try await mediaCtl(["--get-v4l2", "\"Scaler\":0"]).hasPrefix("\t\t[fmt:RGB888_1X24/16x16"))
        } cleanup: {
            try? await restoreDefaultFormats()
        }
    }
}
