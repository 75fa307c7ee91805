import FoundationEssentials
import Testing

@testable import MediaStress

/// `--shard K/N` and `--merge`: a sweep split across machines and joined again, and the
/// sweep as KTAP.
struct SweepShardTests {
    @Test func shardsPartitionTheCellsInOrder() throws {
        let cells = (1...10).map { "c\($0)" }
        let shards = try (1...3).map { try SweepShard.parse("\($0)/3").get().cells(of: cells) }
        #expect(shards == [["c1", "c4", "c7", "c10"], ["c2", "c5", "c8"], ["c3", "c6", "c9"]])
        #expect(try SweepShard.parse("1/1").get().cells(of: cells) == cells)
        // The real cells: every one in exactly one of 4 shards.
        let all = SweepCell.all().map(\.name)
        let parts = try (1...4).flatMap { try SweepShard.parse("\($0)/4").get().cells(of: all) }
        #expect(parts.sorted() == all.sorted())
    }

    @Test(arguments: ["0/4", "5/4", "4", "a/b", "1/0", "-1/2", "2/4/6"])
    func aBadShardIsOneLine(_ text: String) {
        guard case .failure(let error) = SweepShard.parse(text) else {
            Issue.record("\(text) accepted")
            return
        }
        #expect(!error.message.contains("\n") && error.message.contains(text.split(separator: "/").first.map(String.init) ?? text))
    }

    static func state(release: String = "6.12.117-mediactl-b69bf1f2", rows: [(String, String)], boots: Int = 1) -> SweepReport {
        var state = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: release, cells: rows.map(\.0))
        let json = "[" + rows.map { #"{"cell": "\#($0.0)", "result": "\#($0.1)", "detail": "d", "unbindWaited": false, "signatures": \#($0.1 == "finding" ? #"["s"]"# : "[]"), "seconds": 1}"# }
            .joined(separator: ",") + "]"
        state.rows = (try? JSONDecoder().decode([SweepRow].self, from: Data(json.utf8))) ?? []
        state.boots = boots
        state.seconds = Double(rows.count)
        if rows.contains(where: { $0.1 == "finding" }) {
            state.findings = [SweepReport.Finding(
                signature: "s", headline: "h", title: "t", frames: [], cells: rows.filter { $0.1 == "finding" }.map(\.0), reproduction: "r", lines: [])]
        }
        return state
    }

    @Test func mergeJoinsShardsInTheSweepsOrder() throws {
        let a = Self.state(rows: [("c1", "clean"), ("c3", "finding")], boots: 2)
        let b = Self.state(rows: [("c2", "finding"), ("c4", "not-applicable")])
        let merged = try SweepReport.merge([a, b], order: ["c1", "c2", "c3", "c4"]).get()
        #expect(merged.rows.map(\.cell) == ["c1", "c2", "c3", "c4"])
        #expect(merged.cells == ["c1", "c2", "c3", "c4"])
        #expect(merged.findings.count == 1 && merged.findings.first?.cells == ["c3", "c2"])
        #expect(merged.boots == 3 && merged.seconds == 4)
    }

    @Test func mergeRefusesOtherKernelsAndACellTwice() {
        let a = Self.state(rows: [("c1", "clean")])
        let other = Self.state(release: "6.12.117+deb12-amd64", rows: [("c2", "clean")])
        guard case .failure(let kernels) = SweepReport.merge([a, other], order: []) else { Issue.record("other kernel merged"); return }
        #expect(kernels.message == "states of different kernels: 6.12.117-mediactl-b69bf1f2 and 6.12.117+deb12-amd64")
        guard case .failure(let twice) = SweepReport.merge([a, a], order: []) else { Issue.record("a cell merged twice"); return }
        #expect(twice.message == "cell c1 is in two states")
    }

    @Test func ktapHasAPointPerCell() {
        let state = Self.state(rows: [("MEDIA_IOC_G_TOPOLOGY:in", "clean"), ("file:open", "finding"), ("file:read", "not-applicable")])
        #expect(SweepRenderer.ktap(state) == """
            KTAP version 1
            1..3
            # mediactl stress sweep: platform:vimc (vimc) on 6.12.117-mediactl-b69bf1f2
            ok 1 MEDIA_IOC_G_TOPOLOGY_in
            # file:open: t
            not ok 2 file_open # d
            ok 3 file_read # SKIP d
            # Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0

            """)
    }
}
