import CLinuxMedia
import SystemPackage
import Testing

@testable import MediaController

/// Runs on the recorded vimc graph with an in-memory device that follows the kernel's
/// SETUP_LINK rules and fake subdevs: order of calls, verification, restoring links.
@Suite struct PipelineApplierTests {
    static let debayerBToScaler = LinkAddress(source: .init(entityID: 8, index: 1), sink: .init(entityID: 21, index: 0))
    static let debayerAToScaler = LinkAddress(source: .init(entityID: 5, index: 1), sink: .init(entityID: 21, index: 0))
    static let sensorAToDebayerA = LinkAddress(source: .init(entityID: 1, index: 0), sink: .init(entityID: 5, index: 0))

    static func steps(_ session: PipelineSession, links text: String) throws -> [PipelineStep] {
        try session.graph.steps(links: try LinkSpecParser.parse(text))
    }

    @Test func enablingALinkIsReadBackAndReported() throws {
        let (session, device, _) = try fakeVimcSession()
        let run = try PipelineApplier(session: session).run(
            try Self.steps(session, links: "\"Debayer B\":1 -> \"Scaler\":0 [1]"))
        #expect(device.calls.map(\.flags) == [[.enabled]])
        #expect(run.changes == [LinkStateChange(link: Self.debayerBToScaler, before: [], after: [.enabled])])
        #expect(run.mismatches.isEmpty)
        #expect(PipelineRunRenderer().render(run) == "\"Debayer B\":1 -> \"Scaler\":0 [ENABLED] (was [])\n")
    }

    @Test func settingALinkToItsStateIsUnchanged() throws {
        let (session, _, _) = try fakeVimcSession()
        let run = try PipelineApplier(session: session).run(
            try Self.steps(session, links: "\"Debayer A\":1 -> \"Scaler\":0 [1], \"Sensor A\":0 -> \"Debayer A\":0 [1]"))
        #expect(run.changes.isEmpty)
        #expect(PipelineRunRenderer().render(run) == """
            "Debayer A":1 -> "Scaler":0 [ENABLED] (unchanged)
            "Sensor A":0 -> "Debayer A":0 [ENABLED,IMMUTABLE] (unchanged)

            """)
    }

    /// The library refuses to change an immutable link even when a caller builds the
    /// request by hand, and sends nothing.
    @Test func immutableChangeIsRefusedBeforeAnyIoctl() throws {
        let (session, device, _) = try fakeVimcSession()
        let link = try #require(session.graph.link(Self.sensorAToDebayerA))
        let error = #expect(throws: MediaError.self) {
            try session.setLink(LinkRequest(link: link, flags: []))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.operation == "MEDIA_IOC_SETUP_LINK")
        #expect(device.calls.isEmpty)
    }

    @Test func resetDisablesOnlyEnabledMutableLinks() throws {
        let (session, device, _) = try fakeVimcSession()
        _ = try PipelineApplier(session: session).run(try Self.steps(session, links: "\"Debayer B\":1 -> \"Scaler\":0 [1]"))
        try session.refresh()
        let reset = session.graph.resetSteps
        #expect(reset.count == 2)
        let run = try PipelineApplier(session: session).run(reset)
        #expect(Set(run.changes.map(\.link)) == [Self.debayerAToScaler, Self.debayerBToScaler])
        #expect(run.changes.allSatisfy { $0.after == [] })
        #expect(device.flags(Self.sensorAToDebayerA) == [.enabled, .immutable])
        #expect(session.graph.resetSteps.isEmpty)
    }

    /// `link --reset SPEC`: a link both reset and set is shown once, with its net effect.
    @Test func aLinkSetTwiceIsShownOnce() throws {
        let (session, _, _) = try fakeVimcSession()
        let steps = session.graph.resetSteps + (try Self.steps(session, links: "\"Debayer A\":1 -> \"Scaler\":0 [1]"))
        let run = try PipelineApplier(session: session).run(steps)
        #expect(PipelineRunRenderer().render(run) == "\"Debayer A\":1 -> \"Scaler\":0 [ENABLED] (unchanged)\n")
    }

    /// A failing SETUP_LINK in the middle: the links set before it are put back.
    @Test func failureRestoresTheLinks() throws {
        let (session, device, _) = try fakeVimcSession()
        device.failure = { link in LinkAddress(link) == Self.debayerBToScaler ? .resourceBusy : nil }
        let steps = try Self.steps(
            session, links: "\"Debayer A\":1 -> \"Scaler\":0 [0], \"RGB/YUV Input\":0 -> \"Scaler\":0 [1], \"Debayer B\":1 -> \"Scaler\":0 [1]")
        let failure = try #require(throws: PipelineFailure.self) { try PipelineApplier(session: session).run(steps) }
        #expect(failure.error.errno == .resourceBusy)
        #expect(failure.completed.count == 2)
        #expect(failure.restoreError == nil)
        #expect(failure.restoredLinks.map(\.address).sorted() == [Self.debayerAToScaler, LinkAddress(
            source: .init(entityID: 19, index: 0), sink: .init(entityID: 21, index: 0))].sorted())
        // Disabling comes before enabling, so no sink pad ever has two enabled links.
        #expect(failure.restoredLinks.first?.flags == [])
        #expect(device.flags(Self.debayerAToScaler) == [.enabled])
        #expect(device.flags(Self.debayerBToScaler) == [])
        #expect(failure.description.hasSuffix("; 2 links restored to the state before"))
    }

    @Test func restorePlanEnablesAfterDisabling() throws {
        let saved = try #require(try Fixtures.snapshot("vimc").legacy)
        var current = saved
        for entityIndex in current.entities.indices {
            for linkIndex in current.entities[entityIndex].links.indices {
                let address = LinkAddress(current.entities[entityIndex].links[linkIndex])
                if address == Self.debayerAToScaler { current.entities[entityIndex].links[linkIndex].flags = [] }
                if address == Self.debayerBToScaler { current.entities[entityIndex].links[linkIndex].flags = [.enabled] }
            }
        }
        let plan = LinkPlans.restore(current, to: saved)
        #expect(plan.map(\.address) == [Self.debayerBToScaler, Self.debayerAToScaler])
        #expect(plan.map(\.flags) == [[], [.enabled]])
        #expect(LinkPlans.restore(saved, to: saved).isEmpty)
    }

    @Test func diffReportsAppearingAndVanishingLinks() throws {
        let before = try #require(try Fixtures.snapshot("vimc").legacy)
        var after = before
        let removed = after.entities[0].links.removeFirst()
        let changes = LinkDiff.changes(from: before, to: after)
        #expect(changes == [LinkStateChange(link: LinkAddress(removed), before: removed.flags, after: nil)])
        #expect(LinkDiff.changes(from: after, to: before).first?.before == nil)
        #expect(LinkDiff.changes(from: before, to: before).isEmpty)
    }

    // MARK: - Formats

    static func formatSteps(_ session: PipelineSession, _ text: String) throws -> [PipelineStep] {
        try session.graph.steps(formats: try FormatSpecParser.parse(text))
    }

    /// media-ctl's order on a source pad, then the copy to the linked subdev sink pad
    /// (Debayer A, a plain subdev; Raw Capture 0 is a video node and gets nothing).
    @Test func sourcePadFormatPropagatesToLinkedSubdevSinks() throws {
        let (session, _, opener) = try fakeVimcSession()
        let run = try PipelineApplier(session: session).run(
            try Self.formatSteps(session, "\"Sensor A\":0 [fmt:SRGGB8_1X8/320x240 crop:(0,0)/100x100 @1/30]"))
        #expect(opener.log.calls == [
            "S_SELECTION v4l-subdev0:0", "S_FMT v4l-subdev0:0", "S_FRAME_INTERVAL v4l-subdev0:0",
            "S_FMT v4l-subdev2:0", "S_FRAME_INTERVAL v4l-subdev2:0",
        ])
        #expect(run.mismatches.isEmpty)
        #expect(PipelineRunRenderer().render(run) == """
            "Sensor A":0 [fmt:SRGGB8_1X8/320x240 field:none colorspace:srgb crop:(0,0)/100x100 @1/30]
            "Debayer A":0 [fmt:SRGGB8_1X8/320x240 field:none colorspace:srgb @1/30] (propagated from "Sensor A":0)

            """)
    }

    @Test func sinkPadFormatComesBeforeItsSelections() throws {
        let (session, _, opener) = try fakeVimcSession()
        let run = try PipelineApplier(session: session).run(
            try Self.formatSteps(session, "\"Scaler\":0 [fmt:RGB888_1X24/8x8 crop:(0,0)/9x9 compose:(0,0)/4x4]"))
        #expect(opener.log.calls == ["S_FMT v4l-subdev5:0", "S_SELECTION v4l-subdev5:0", "S_SELECTION v4l-subdev5:0"])
        let result = try #require(run.formatResults.first)
        #expect(result.adjustments == ["size 8x8 -> 16x16"])
        #expect(PipelineRunRenderer().render(run).contains("(adjusted by the driver: size 8x8 -> 16x16)"))
    }

    @Test func propagationFailuresAreReportedNotThrown() throws {
        let (session, _, opener) = try fakeVimcSession()
        opener.subdev("/dev/v4l-subdev5").errors["S_FMT"] = .invalidArgument
        let run = try PipelineApplier(session: session).run(
            try Self.formatSteps(session, "\"Debayer A\":1 [fmt:RGB888_1X24/320x240]"))
        let propagated = try #require(run.formatResults.last)
        #expect(propagated.propagatedFrom == PadAddress(entityID: 5, index: 1))
        #expect(propagated.ignoredError?.contains("EINVAL") == true)
        #expect(run.mismatches.isEmpty)
    }

    @Test func formatFailureRestoresLinksSetBeforeIt() throws {
        let (session, device, opener) = try fakeVimcSession()
        opener.subdev("/dev/v4l-subdev3").errors["S_FMT"] = .resourceBusy
        let description = try PipelineDescription.parse("""
            "Debayer A":1 -> "Scaler":0 [0]
            "Debayer B":1 -> "Scaler":0 [1]
            "Debayer B":0 [fmt:SRGGB8_1X8/640x480]
            """)
        let failure = try #require(throws: PipelineFailure.self) {
            try PipelineApplier(session: session).run(try session.graph.steps(description))
        }
        #expect(failure.step?.line == 3)
        #expect(failure.restoredLinks.count == 2)
        #expect(device.flags(Self.debayerAToScaler) == [.enabled])
        #expect(device.flags(Self.debayerBToScaler) == [])
        #expect(failure.description.hasPrefix("line 3: VIDIOC_SUBDEV_S_FMT"))
    }

    /// A later line that changes a pad an earlier line set shows up as a mismatch (here
    /// the fake scaler resets its source pad whenever its sink pad is set, as scalers do).
    @Test func verificationFindsWhatChangedAfterItWasSet() throws {
        let (session, _, opener) = try fakeVimcSession()
        opener.subdev("/dev/v4l-subdev5").resets = [0: 1]
        let description = try PipelineDescription.parse("""
            "Scaler":1 [fmt:RGB888_1X24/1280x960]
            "Scaler":0 [fmt:RGB888_1X24/320x240]
            """)
        let run = try PipelineApplier(session: session).run(try session.graph.steps(description))
        #expect(run.mismatches.count == 1)
        #expect(run.mismatches.first?.description == """
            line 1: "Scaler":1 reads back fmt:RGB888_1X24/640x480 field:none colorspace:srgb, \
            but was set to fmt:RGB888_1X24/1280x960 field:none colorspace:srgb
            """)
    }

    @Test func verificationReportsWhatCannotBeReadBack() throws {
        let (session, _, opener) = try fakeVimcSession()
        opener.subdev("/dev/v4l-subdev5").errors["G_FMT"] = .inappropriateIOCTLForDevice
        let run = try PipelineApplier(session: session).run(try Self.formatSteps(session, "\"Scaler\":0 [fmt:RGB888_1X24/320x240]"))
        #expect(run.mismatches.count == 1)
        #expect(run.mismatches.first?.description.hasPrefix("\"Scaler\":0 reads back nothing (G_FMT: ") == true)
    }

    // MARK: - --get-v4l2

    @Test func getPrintsMediaCtlsBlock() throws {
        let opener = FakeSubdevOpener()
        let subdev = opener.subdev("/dev/v4l-subdev5")
        _ = try subdev.setSelection(Rectangle(left: 0, top: 0, width: 640, height: 480), target: UInt32(V4L2_SEL_TGT_CROP), pad: 0, which: .active)
        #expect(MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(subdev, pad: 0)) == "\t\t[fmt:RGB888_1X24/640x480 field:none colorspace:srgb\n\t\t crop:(0,0)/640x480]\n")
        _ = try subdev.setFrameInterval(Fraction(numerator: 1, denominator: 30), pad: 1)
        #expect(MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(subdev, pad: 1)) == "\t\t[fmt:RGB888_1X24/640x480@1/30 field:none colorspace:srgb]\n")
    }

    /// media-ctl prints nothing when G_FMT fails, or when G_FRAME_INTERVAL fails with an
    /// errno other than EINVAL/ENOTTY; ENOTTY from G_SELECTION falls back to G_CROP.
    @Test func getFollowsMediaCtlsQuirks() {
        let subdev = FakeSubdevOpener().subdev("/dev/v4l-subdev0")
        subdev.errors["G_FRAME_INTERVAL"] = .ioError
        #expect(MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(subdev, pad: 0)) == "")
        subdev.errors["G_FRAME_INTERVAL"] = .invalidArgument
        subdev.errors["G_SELECTION"] = .inappropriateIOCTLForDevice
        #expect(MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(subdev, pad: 0)) == "\t\t[fmt:RGB888_1X24/640x480 field:none colorspace:srgb\n\t\t crop:(1,2)/3x4]\n")
        subdev.errors["G_FMT"] = .invalidArgument
        #expect(MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(subdev, pad: 0)) == "")
    }
}

extension PipelineRun {
    /// Every pad result, in order.
    var formatResults: [PadFormatResult] {
        steps.flatMap { step -> [PadFormatResult] in
            if case .format(_, let results) = step { return results }
            return []
        }
    }
}

extension PipelineStep {
    var linkRequest: LinkRequest {
        get throws {
            guard case .link(let request) = action else { throw MediaError(code: .invalidArgument, operation: "test") }
            return request
        }
    }
}
