import FoundationEssentials
import KernelLog
import MediaController
import Testing

@testable import MediaStress

/// KCIDB JSON of sweeps, read as kcidb-io's schema 5.3 defines its fields: ids
/// `ORIGIN:...` with an origin of `[a-z0-9_]+`, test paths of dot-separated
/// `[a-zA-Z0-9_-]+` parts, status PASS/FAIL/SKIP/ERROR, tests naming their build. (CI
/// validates what Scripts/sweep wrote with kcidb-io itself: Scripts/test.)
struct SweepKCIDBTests {
    static func state(driver: String) -> SweepReport {
        var state = SweepReport(device: "platform:\(driver)", driver: driver, kernelRelease: "6.12.117-mediactl-b69bf1f2", cells: [])
        let rows = """
            [{"cell": "MEDIA_IOC_G_TOPOLOGY:in", "result": "clean", "detail": "parked", "unbindWaited": false, "signatures": [], "seconds": 0.5},
             {"cell": "MEDIA_IOC_DEVICE_INFO:in", "result": "finding", "detail": "use-after-free in media_device_get_info",
              "unbindWaited": false, "signatures": ["uaf"], "seconds": 0.6},
             {"cell": "file:read", "result": "not-applicable", "detail": "no read I/O", "unbindWaited": false, "signatures": [], "seconds": 0.1},
             {"cell": "VIDIOC_G_FMT:inner", "result": "error", "detail": "?", "unbindWaited": false, "signatures": [], "seconds": 0.1}]
            """
        state.rows = (try? JSONDecoder().decode([SweepRow].self, from: Data(rows.utf8))) ?? []
        state.findings = [SweepReport.Finding(
            signature: "uaf", headline: "use-after-free in media_device_get_info [mc]",
            title: "KASAN: slab-use-after-free Read in media_device_get_info", frames: [], cells: ["MEDIA_IOC_DEVICE_INFO:in"],
            reproduction: "mediactl stress unbind -d platform:\(driver) --pin device-info", lines: ["BUG: KASAN: slab-use-after-free in media_device_get_info+0x3e/0x1db"])]
        return state
    }

    @Test func aTestPerCellUnderOneBuildPerKernel() throws {
        let document = SweepKCIDB.document([Self.state(driver: "vimc"), Self.state(driver: "vivid")])
        #expect(document.checkouts.map(\.id) == ["mediactl:6.12.117-mediactl-b69bf1f2"])
        #expect(document.builds.map(\.checkout_id) == ["mediactl:6.12.117-mediactl-b69bf1f2"])
        #expect(document.tests.count == 8)
        let vimc = document.tests.prefix(4)
        #expect(vimc.map(\.path) == [
            "mediactl.sweep.MEDIA_IOC_G_TOPOLOGY_in", "mediactl.sweep.MEDIA_IOC_DEVICE_INFO_in", "mediactl.sweep.file_read",
            "mediactl.sweep.VIDIOC_G_FMT_inner",
        ])
        #expect(vimc.map(\.status) == ["PASS", "FAIL", "SKIP", "ERROR"])
        #expect(Set(document.tests.map(\.id)).count == 8, "test ids are unique across drivers")
        #expect(document.tests.allSatisfy { $0.build_id == "mediactl:6.12.117-mediactl-b69bf1f2" && $0.origin == "mediactl" })
        let finding = try #require(vimc.dropFirst().first)
        #expect(finding.misc.titles == ["KASAN: slab-use-after-free Read in media_device_get_info"])
        #expect(finding.log_excerpt == "BUG: KASAN: slab-use-after-free in media_device_get_info+0x3e/0x1db")
        let json = try JSONRenderer().renderValue(document)
        #expect(json.contains("\"version\" : {\n    \"major\" : 5,\n    \"minor\" : 3\n  }"))
    }
}
