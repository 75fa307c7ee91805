import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// `apply` and `check` in the pipeline phase (the suite's traits hold: one at a time).
extension PipelineLaneTests {
    // MARK: - apply

    func writePipeline(_ name: String, _ text: String) throws -> String {
        let path = "/tmp/mediactl-\(name).pipeline"
        let file = try #require(fopen(path, "w"))
        fputs(text, file)
        fclose(file)
        return path
    }

    @Test func applyConfiguresAndVerifies() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            let path = try writePipeline("route-b", """
                # Sensor B through Debayer B into the scaler
                "Debayer A":1 -> "Scaler":0 [0]
                "Debayer B":1 -> "Scaler":0 [1]
                "Sensor B":0 [fmt:SRGGB8_1X8/640x480]
                "Debayer B":1 [fmt:RGB888_1X24/640x480]
                "Scaler":1 [fmt:RGB888_1X24/1280x960]
                """)
            let result = await BuiltBinary.run(["apply", "-d", "vimc", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("""
                line 2: "Debayer A":1 -> "Scaler":0 [] (was [ENABLED])
                line 3: "Debayer B":1 -> "Scaler":0 [ENABLED] (was [])
                line 4: "Sensor B":0 [fmt:SRGGB8_1X8/640x480
                """))
            #expect(!result.stdout.contains("mismatch"))
            #expect(try flags("Debayer B", 1, "Scaler", 0) == [.enabled])
            #expect(try await mediaCtl(["--get-v4l2", "\"Scaler\":1"]).hasPrefix("\t\t[fmt:RGB888_1X24/1280x960"))
            try await expectSameTopologyAsMediaCtl()
        } cleanup: {
            try? await restoreDefaultLinks()
            try? await restoreDefaultFormats()
        }
    }

    /// The third line fails in the kernel (vimc's scaler has no compose rectangle): the
    /// line is named and the two links set before it are put back.
    @Test func applyWithAFailingLineRestoresTheLinks() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            let before = try await mediaCtl(["-p"])
            let path = try writePipeline("failing", """
                "Debayer A":1 -> "Scaler":0 [0]
                "Debayer B":1 -> "Scaler":0 [1]
                "Scaler":0 [compose:(0,0)/100x100]
                "RGB/YUV Input":0 -> "Scaler":0 [1]
                """)
            let result = await BuiltBinary.run(["apply", "-d", "vimc", path])
            #expect(result.status == 4)
            #expect(result.stderr.hasPrefix("mediactl: \(path):3: VIDIOC_SUBDEV_S_SELECTION on /dev/"))
            #expect(result.stderr.hasSuffix("; the links were restored to their state before\n"))
            #expect(result.stdout.contains("restored: \"Debayer A\":1 -> \"Scaler\":0 [ENABLED]"))
            #expect(try flags("Debayer A", 1, "Scaler", 0) == [.enabled])
            #expect(try flags("Debayer B", 1, "Scaler", 0) == [])
            #expect(try flags("RGB/YUV Input", 0, "Scaler", 0) == [])
            #expect(try await mediaCtl(["-p"]) == before)
        } cleanup: {
            try? await restoreDefaultLinks()
        }
    }

    @Test func applyRefusesABadLineBeforeTouchingTheDevice() async throws {
        try await restoreDefaultLinks()
        let before = try await mediaCtl(["-p"])
        let path = try writePipeline("bad", "\"Debayer A\":1 -> \"Scaler\":0 [0]\n\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:odd]\n")
        let result = await BuiltBinary.run(["apply", "-d", "vimc", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: \(path):2:43: unknown field order 'odd': "))
        #expect(try await mediaCtl(["-p"]) == before)
    }

    // MARK: - check

    @Test(arguments: ["vimc", "vivid"])
    func checkPasses(driver: String) async throws {
        try await restoreDefaultLinks()
        let result = await BuiltBinary.run(["check", "-d", driver, "--format", "ktap"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "KTAP version 1")
        #expect(lines.contains("1..26"))
        #expect(!result.stdout.contains("not ok"))
        #expect(lines.last?.hasPrefix("# Totals: pass:") == true)
        if driver == "vimc" {
            #expect(lines.contains { $0.hasPrefix("ok 24 request_alloc # SKIP") })
            #expect(lines.contains("ok 22 setup_link_immutable"))
        } else {
            #expect(lines.contains("ok 24 request_alloc"))
            #expect(lines.contains("ok 25 request_outlives_media_fd"))
        }
        let json = await BuiltBinary.run(["check", "-d", driver, "--format", "json"])
        let report = try JSONDecoder().decode(CheckReport.self, from: Data(json.stdout.utf8))
        #expect(report.failed == 0)
        #expect(report.driver == driver)
    }

    /// Two enabled links into the scaler's sink pad: the check fails, exit 1.
    @Test func checkFailsOnTwoEnabledLinksIntoOneSinkPad() async throws {
        try await restoreDefaultLinks()
        try await withCleanup {
            _ = try await mediaCtl(["-l", "\(Self.debayerBToScaler) [1]"])
            let result = await BuiltBinary.run(["check", "-d", "vimc", "--format", "ktap"])
            #expect(result.status == 1)
            #expect(result.stdout.contains(
                "not ok 17 sink_pad_enabled_links # \"Scaler\":0 has 2 enabled incoming links, from \"Debayer A\":1, \"Debayer B\":1\n"))
            #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("not ok") }.count == 1)
        } cleanup: {
            try? await restoreDefaultLinks()
        }
    }
}
