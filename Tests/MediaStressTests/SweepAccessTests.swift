import Foundation
import KernelLog
import Testing

@testable import MediaStress

/// A sweep taken by a cable pull (`--unplug`) or of a driver that is not a test driver
/// (`--allow-driver`) writes reproduction lines that take the device the same way: the line
/// alone must find the finding again, not unbind a driver it may not (or differently).
@Suite struct SweepAccessTests {
    @Test func reproductionLinesRepeatHowTheDeviceWasTaken() throws {
        let name = "MEDIA_IOC_DEVICE_INFO:in"
        var stress = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        stress.uniqueFindings = [UniqueFinding(finding: SweepMarkdownTests.null, count: 1, cycles: [1])]
        let row = SweepRow(cell: SweepCell(pin: try .parse(name)), report: stress)

        var unplugged = SweepReport(device: "usb-vhci_hcd.0-1", driver: "uvcvideo", kernelRelease: "6.12.117", cells: [name])
        unplugged.access = "--allow-driver uvcvideo --unplug"
        unplugged.add(row, findings: [SweepMarkdownTests.null])
        #expect(unplugged.findings.first?.reproduction
            == "mediactl stress unbind -d usb-vhci_hcd.0-1 --allow-driver uvcvideo --unplug --pin MEDIA_IOC_DEVICE_INFO:in")

        var plain = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: [name])
        plain.add(row, findings: [SweepMarkdownTests.null])
        #expect(plain.findings.first?.reproduction == "mediactl stress unbind -d platform:vimc --pin MEDIA_IOC_DEVICE_INFO:in")

        // A state written before `access` existed still reads (no key: nil).
        let old = #"{"schemaVersion": 1, "device": "platform:vimc", "driver": "vimc", "kernelRelease": "6.12.117", "cells": [], "rows": [], "findings": [], "boots": 1, "seconds": 1}"#
        #expect(try JSONDecoder().decode(SweepReport.self, from: Data(old.utf8)).access == nil)
    }
}
