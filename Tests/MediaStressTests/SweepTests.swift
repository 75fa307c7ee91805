import KernelLog
import MediaController
import SystemPackage
import Testing

@testable import MediaStress

/// `mediactl stress sweep` without a kernel: the cells, a row from each kind of stress
/// report, the distinct findings across cells, the exit codes, and the Markdown.
@Suite struct SweepTests {
    typealias Pin = PinnedIoctl

    static func cell(_ name: String) throws -> SweepCell { SweepCell(pin: try Pin.parse(name)) }

    static let gpf = KernelFinding(
        kind: .generalProtectionFault, title: "Oops: general protection fault", function: "__mutex_lock", module: nil,
        frames: [StackFrame(function: "__mutex_lock"), StackFrame(function: "media_device_ioctl", module: "mc")],
        signature: "general-protection-fault|__mutex_lock|media_device_ioctl")

    @Test func cellsAreEveryIoctlAtEachParkPointAndGlobsSelectThem() {
        let all = SweepCell.all()
        // A cell for each park point of each ioctl on each node kind that takes it, the
        // DMABUF cells of QBUF, PREPARE_BUF and DQBUF (one more :out on each kind), and the
        // file operations.
        let dmabuf = UAPIIoctls.all.filter { ["VIDIOC_QBUF", "VIDIOC_PREPARE_BUF", "VIDIOC_DQBUF"].contains($0.name) }
            .reduce(0) { $0 + $1.nodeKinds.count }
        let expected = UAPIIoctls.all.reduce(0) { $0 + Pin.points(of: $1).count * $1.nodeKinds.count } + dmabuf + 8
        #expect(all.count == expected && Set(all.map(\.name)).count == all.count)
        #expect(SweepCell.all(matching: ["file:*"]).map(\.name) == [
            "file:read", "file:mmap", "file:open", "file:request", "file:request-queued", "file:request-poll", "file:m2m",
            "file:dqbuf",
        ])
        #expect(all.allSatisfy { SweepCell.named($0.name) == $0 })
        #expect(all.first?.name == "MEDIA_IOC_DEVICE_INFO:in")
        #expect(SweepCell.all(matching: ["*:inner"]).map(\.name) == [
            "MEDIA_IOC_ENUM_LINKS:inner", "MEDIA_IOC_G_TOPOLOGY:inner", "VIDIOC_G_EXT_CTRLS:inner",
            "VIDIOC_S_EXT_CTRLS:inner", "VIDIOC_TRY_EXT_CTRLS:inner", "VIDIOC_SUBDEV_G_ROUTING:inner",
            "VIDIOC_SUBDEV_S_ROUTING:inner",
        ])
        #expect(SweepCell.all(matching: ["VIDIOC_SUBDEV_G_FMT:*", "MEDIA_IOC_DEVICE_INFO:in"]).map(\.name) == [
            "MEDIA_IOC_DEVICE_INFO:in", "VIDIOC_SUBDEV_G_FMT:in", "VIDIOC_SUBDEV_G_FMT:out",
        ])
        #expect(SweepCell.all(matching: ["NOPE*"]).isEmpty)
    }

    @Test func aCellHoldsOnlyThePinnedNodeKindForOneCycle() throws {
        let configuration = try Self.cell("VIDIOC_SUBDEV_G_SELECTION:in").configuration
        #expect(configuration.cycles == 1 && configuration.hold == [.subdev])
        #expect(configuration.pin?.rawValue == "VIDIOC_SUBDEV_G_SELECTION:in")
    }

    /// A request is the last reference only when nothing else holds the device: the
    /// request cells hold the media node (and the video node of its buffer), nothing more;
    /// the open race holds nothing.
    @Test func fileCellsHoldWhatTheirOperationNeedsAndReproduceWithFileOp() throws {
        let request = try #require(SweepCell.named("file:request-queued"))
        #expect(request.configuration.hold == [.media, .video])
        #expect(request.configuration.fileOperation == .requestQueued)
        #expect(request.configuration.pin == nil)
        #expect(request.arguments == "--file-op request-queued")
        #expect(SweepCell.named("file:open")?.hold == [])
        #expect(SweepCell.named("file:read")?.hold == [.video])
        #expect(SweepCell.named("file:nope") == nil)
    }

    @Test func rowsClassifyEachKindOfStressReport() throws {
        let cell = try Self.cell("MEDIA_IOC_DEVICE_INFO:in")
        var clean = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .clean)
        clean.cycles[0].pin = PinReport(ioctl: try #require(cell.pin), node: "/dev/media0", parkSeconds: 0.1, outcome: .returned(errno: "ENODEV"))
        let cleanRow = SweepRow(cell: cell, report: clean)
        #expect(cleanRow.result == .clean && cleanRow.pinOutcome == "returned ENODEV" && !cleanRow.taintsTheKernel)

        var finding = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        finding.uniqueFindings = [UniqueFinding(finding: Self.gpf, count: 1, cycles: [1])]
        let findingRow = SweepRow(cell: cell, report: finding)
        #expect(findingRow.result == .finding && findingRow.taintsTheKernel)
        #expect(findingRow.signatures == [Self.gpf.signature] && findingRow.detail == "general-protection-fault in __mutex_lock")

        let deviation = SweepRow(cell: cell, report: StressReportTests.report([StressReportTests.cycle(1, clean: false)], verdict: .finding))
        #expect(deviation.result == .contractDeviation && !deviation.taintsTheKernel)
        #expect(deviation.detail == "DEVICE_INFO after unbind /dev/media0: expected EIO, got OK")

        var notApplicable = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .setupError)
        notApplicable.error = "cycle 1, park VIDIOC_G_STD:out: park VIDIOC_G_STD:out on /dev/video0: Inappropriate ioctl for device (ENOTTY); it returned before reaching its park point [not applicable: kernel __video_do_ioctl]"
        notApplicable.notApplicable = NotApplicable(.kernel, errno: "ENOTTY", function: "__video_do_ioctl")
        let skipped = SweepRow(cell: cell, report: notApplicable)
        #expect(skipped.result == .notApplicable && skipped.notApplicable?.cause == .kernel)
        #expect(skipped.resultText == "not-applicable (kernel: ENOTTY in __video_do_ioctl)")
        #expect(!skipped.detail.contains("[not applicable"), "the class is shown apart: \(skipped.detail)")
        // Not by its words: an error that reads like one is an error unless the engine said so.
        var error = notApplicable
        error.notApplicable = nil
        error.error = "cycle 1, open: cannot open /dev/video0 before reaching its park point"
        #expect(SweepRow(cell: cell, report: error).result == .error)
        #expect(SweepRow(cell: cell, report: StressReportTests.report([], verdict: .deviceLost)).taintsTheKernel)
    }

    /// The engine says a cell does not apply by the error's code, which the pin and the
    /// file operations set when the driver lacks what they need.
    @Test func aNotApplicableErrorMarksTheCycle() {
        var cycle = CycleReport(index: 1)
        cycle.fail(at: "file-op read", NotApplicable.error(.device, operation: "--file-op read", detail: "no read I/O"))
        #expect(cycle.notApplicable == NotApplicable(.device))
        // One the thrower did not class is the tool's: nobody said why.
        var untagged = CycleReport(index: 1)
        untagged.fail(at: "park", MediaError(code: .notApplicable, errno: .invalidArgument, operation: "park X", detail: "returned"))
        #expect(untagged.notApplicable == NotApplicable(.tool, errno: "EINVAL"))
        var other = CycleReport(index: 1)
        other.fail(at: "open", MediaError(code: .openFailed, path: "/dev/video0", operation: "open"))
        #expect(other.notApplicable == nil)
    }

    @Test func findingsAreDistinctBySignatureAcrossCellsAndStopTheBoot() throws {
        let names = ["MEDIA_IOC_DEVICE_INFO:in", "MEDIA_IOC_G_TOPOLOGY:in", "VIDIOC_G_FMT:in"]
        var report = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: names)
        var finding = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        finding.uniqueFindings = [UniqueFinding(finding: Self.gpf, count: 1, cycles: [1])]
        report.add(SweepRow(cell: try Self.cell(names[0]), report: finding), findings: [Self.gpf])
        #expect(report.exitCode == 5 && report.remaining == Array(names.dropFirst()))
        report.add(SweepRow(cell: try Self.cell(names[1]), report: finding), findings: [Self.gpf])
        #expect(report.findings.count == 1 && report.findings[0].cells == Array(names.prefix(2)))
        #expect(report.findings[0].reproduction == "mediactl stress unbind -d platform:vimc --pin MEDIA_IOC_DEVICE_INFO:in")
        let clean = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .clean)
        report.add(SweepRow(cell: try Self.cell(names[2]), report: clean), findings: [])
        #expect(report.isComplete && report.exitCode == 1)
        #expect(report.tally.map { "\($0.1) \($0.0.rawValue)" } == ["1 clean", "2 finding"])
    }

    @Test func markdownSaysWhetherTheV4SeriesClosesAFinding() throws {
        let names = ["MEDIA_IOC_DEVICE_INFO:in", "VIDIOC_G_FMT:in"]
        var finding = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        finding.uniqueFindings = [UniqueFinding(finding: Self.gpf, count: 1, cycles: [1])]
        let clean = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .clean)
        var stock = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: names)
        stock.label = "kasan-6.12"
        stock.add(SweepRow(cell: try Self.cell(names[0]), report: finding), findings: [Self.gpf])
        stock.add(SweepRow(cell: try Self.cell(names[1]), report: clean), findings: [])
        var v4 = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117-mediactl", cells: names)
        v4.label = "kasan-6.12-mc-v4"
        v4.add(SweepRow(cell: try Self.cell(names[0]), report: clean), findings: [])
        let markdown = SweepMarkdown.render([stock, v4])
        #expect(markdown.contains("| general-protection-fault in __mutex_lock | __mutex_lock <- media_device_ioctl [mc] | MEDIA_IOC_DEVICE_INFO:in | `mediactl stress unbind -d platform:vimc --pin MEDIA_IOC_DEVICE_INFO:in` | not tried | yes: clean on v4 |"), "\(markdown)")
        #expect(SweepMarkdown.closed(stock.findings[0], by: nil) == "unknown: no v4 sweep")
        v4.rows = []
        v4.add(SweepRow(cell: try Self.cell(names[0]), report: finding), findings: [Self.gpf])
        #expect(SweepMarkdown.closed(stock.findings[0], by: v4) == "no: still found in MEDIA_IOC_DEVICE_INFO:in")
    }
}
