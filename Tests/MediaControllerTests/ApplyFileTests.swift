import CLinuxMedia
import SystemPackage
import Testing

@testable import MediaController

/// `topology --format apply` on the vimc recording, `apply --dry-run` and TRY sessions on
/// the fake vimc device. Expected links and formats are those of the recorded
/// `media-ctl -p` (Fixtures/vimc.media-ctl-p.txt).
@Suite struct ApplyFileTests {
    @Test func vimcDumpHasTheMutableLinksAndEveryPadFormatInDataFlowOrder() throws {
        let text = ApplyFileRenderer().render(try Fixtures.snapshot("vimc"))
        let specs = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        // media-ctl -p: Debayer A -> Scaler enabled, Debayer B and RGB/YUV Input -> Scaler not.
        #expect(Array(specs.prefix(3)) == [
            "\"Debayer B\":1 -> \"Scaler\":0 [0]", "\"RGB/YUV Input\":0 -> \"Scaler\":0 [0]", "\"Debayer A\":1 -> \"Scaler\":0 [1]",
        ])
        let pads = specs.dropFirst(3).map { String($0.prefix { $0 != "[" }) }
        #expect(pads == [
            "\"Sensor A\":0 ", "\"Sensor B\":0 ", "\"Debayer A\":0 ", "\"Debayer A\":1 ", "\"Debayer B\":0 ",
            "\"Debayer B\":1 ", "\"RGB/YUV Input\":0 ", "\"Scaler\":0 ", "\"Scaler\":1 ",
        ])
        #expect(specs.contains("\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb crop:(0,0)/640x480]"))
        #expect(specs.contains("\"Debayer A\":0 [fmt:SRGGB8_1X8/640x480 field:none colorspace:srgb]"))
    }

    /// The dump parses as a pipeline file and applies to the same graph without a mismatch.
    @Test func vimcDumpAppliesAndVerifies() throws {
        let text = ApplyFileRenderer().render(try Fixtures.snapshot("vimc"))
        let (session, device, _) = try fakeVimcSession()
        let steps = try session.graph.steps(try PipelineDescription.parse(text))
        #expect(steps.count == 12)
        let run = try PipelineApplier(session: session).run(steps)
        #expect(run.mismatches.isEmpty)
        #expect(run.changes.isEmpty)
        #expect(device.calls.count == 3)
    }

    @Test func entityNamesAreQuotedOrNumbered() {
        let pads = [LegacyPad(entityID: 1, index: 0, flags: .source)]
        func entity(_ id: UInt32, _ name: String) -> LegacyEntity {
            LegacyEntity(id: id, name: name, type: 0x0002_0000, flags: [], padCount: 1, linkCount: 0, major: 0, minor: 0, pads: pads, links: [])
        }
        let names = EntityNames(LegacyTopology(entities: [
            entity(1, "Bob's \"cam\""), entity(2, "say \"hi\""), entity(3, "twin"), entity(4, "twin"), entity(5, "plain"),
            entity(6, "two\nlines"),
        ]))
        #expect((1...6).map { names.pad(LegacyPad(entityID: $0, index: 2, flags: [])) } == [
            "1:2", "'say \"hi\"':2", "3:2", "4:2", "\"plain\":2", "6:2",
        ])
    }

    @Test func unnamedCodesAreLeftOutAsComments() throws {
        var snapshot = try Fixtures.snapshot("vimc")
        snapshot.subdevs[0].pads[0].format?.code = 0x7777
        let text = ApplyFileRenderer().render(snapshot)
        #expect(text.contains(": left out, media bus code 0x7777 has no name the -V syntax knows\n"))
        _ = try PipelineDescription.parse(text)
    }

    // MARK: - apply --dry-run

    @Test func planListsChangesAndSetsNothing() throws {
        let (session, device, opener) = try fakeVimcSession()
        let text = """
            "Debayer A":1 -> "Scaler":0 [1]
            "Debayer B":1 -> "Scaler":0 [1]
            "Scaler":0 [fmt:RGB888_1X24/320x240 crop:(0,0)/100x100]
            "Scaler":1 [fmt:RGB888_1X24/640x480]
            """
        let plan = try session.plan(try session.graph.steps(try PipelineDescription.parse(text)))
        #expect(device.calls.isEmpty)
        #expect(opener.log.calls.isEmpty)
        // The fake's pads start at RGB888_1X24 (0x100a) 640x480, field none, srgb.
        #expect(plan.render() == """
            line 2: "Debayer B":1 -> "Scaler":0: [] -> [ENABLED]
            line 3: "Scaler":0: fmt:RGB888_1X24/640x480 field:none colorspace:srgb -> fmt:RGB888_1X24/320x240, no crop -> crop:(0,0)/100x100
            dry run: 2 of 4 specs would change the device; nothing was changed

            """)
    }

    // MARK: - TRY sessions

    @Test func trySessionSetsAndVerifiesOnlyTheTryState() throws {
        let snapshot = try Fixtures.snapshot("vimc")
        let opener = FakeSubdevOpener()
        let session = try PipelineSession(
            device: FakePipelineDevice(snapshot), subdevs: opener, devnodes: RecordedMediaSource(try Fixtures.recording("vimc")),
            which: .try)
        let steps = try session.graph.steps(formats: try FormatSpecParser.parse("\"Sensor A\":0 [fmt:SRGGB8_1X8/5000x2]"))
        let run = try PipelineApplier(session: session).run(steps)
        #expect(run.mismatches.isEmpty)
        #expect(opener.log.calls.allSatisfy { !$0.hasPrefix("S_") || $0.contains(" TRY ") })
        #expect(opener.log.calls.filter { $0.hasPrefix("S_FMT TRY") }.count == 2)
        #expect(opener.subdevs.values.allSatisfy { $0.pads.isEmpty })
        #expect(opener.subdevs.values.contains { $0.tryPads[0]?.format.width == 4096 })
    }

    @Test func trySessionRefusesLinksAndIntervalsBeforeAnyIoctl() throws {
        let snapshot = try Fixtures.snapshot("vimc")
        let device = FakePipelineDevice(snapshot)
        let opener = FakeSubdevOpener()
        let session = try PipelineSession(
            device: device, subdevs: opener, devnodes: RecordedMediaSource(try Fixtures.recording("vimc")), which: .try)
        let link = try session.graph.steps(links: try LinkSpecParser.parse("\"Debayer B\":1 -> \"Scaler\":0 [1]"))
        #expect(throws: PipelineFailure.self) { try PipelineApplier(session: session).run(link) }
        #expect(device.calls.isEmpty)
        let interval = try session.graph.steps(formats: try FormatSpecParser.parse("\"Sensor A\":0 [fmt:SRGGB8_1X8/64x64 @1/30]"))
        #expect(throws: PipelineFailure.self) { try PipelineApplier(session: session).run(interval) }
        #expect(opener.log.calls.isEmpty)
    }
}
