import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// What mediactl prints as KTAP, read by the kernel's own KTAP parser (tools/testing/kunit/
/// kunit.py from the linux-source package setup cached; Scripts/vm/lane unpacks it into
/// .build-vm/kunit/tools/testing/kunit): it parses without an error, keeps every test name as written (the names
/// are KernelCI's characters, [A-Za-z0-9_-]) and finds as many passes, failures and skips as
/// the plan's lines say.
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"), .serialized)
struct KTAPLaneTests {
    static let kunit = TestMachine.repository + "/.build-vm/kunit/tools/testing/kunit/kunit.py"

    /// The top-level test points of `ktap`: name and status as kunit.py writes them.
    static func points(_ ktap: String) -> [(name: String, status: String)] {
        ktap.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            if line.hasPrefix("ok "), words.count >= 3 {
                return (String(words[2]), line.contains(" # SKIP") ? "SKIPPED" : "PASS")
            }
            if line.hasPrefix("not ok "), words.count >= 4 {
                return (String(words[3].prefix { $0 != " " }), "FAIL")
            }
            return nil
        }
    }

    /// kunit.py's JSON of `ktap`, compared with the points we printed.
    func parsedByKunit(_ ktap: String, _ label: String) async throws {
        #expect(access(Self.kunit, R_OK) == 0, "no \(Self.kunit): Scripts/vm/lane unpacks it")
        let input = "/tmp/mediactl-ktap-\(label).ktap", json = "/tmp/mediactl-ktap-\(label).json"
        try TextFile.write(ktap, to: input)
        let parsed = await BuiltBinary.runProgram("python3", [Self.kunit, "parse", "--json=\(json)", input])
        #expect(!parsed.stdout.contains("[ERROR]") && !parsed.stdout.contains("[CRASHED]"), "\(label):\n\(parsed.stdout)")
        struct Report: Decodable {
            struct Case: Decodable { var name: String; var status: String }
            var test_cases: [Case]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(BuiltBinary.contents(of: json).utf8))
        let ours = Self.points(ktap)
        #expect(!ours.isEmpty, "\(label): no test point")
        #expect(report.test_cases.map(\.name) == ours.map(\.name), "\(label): names as kunit.py read them")
        #expect(report.test_cases.map(\.status) == ours.map(\.status), "\(label): statuses")
        for point in ours {
            #expect(point.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }, "\(label): \(point.name)")
        }
    }

    @Test func checkValidateKlogAndStressParse() async throws {
        let check = await BuiltBinary.run(["check", "-d", "vimc", "--format", "ktap"])
        try await parsedByKunit(check.stdout, "check")
        let validate = await BuiltBinary.run(["validate", "-d", "vimc", "--format", "ktap", "Raw Capture 0"])
        try await parsedByKunit(validate.stdout, "validate")
        let log = TestMachine.repository + "/Tests/KernelLogTests/Fixtures/kmsg/kasan-6.12.117-media-ioctl-device-info-uaf.console.txt"
        let klog = await BuiltBinary.run(["klog", "--format", "ktap", log])
        try await parsedByKunit(klog.stdout, "klog")
        let stress = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--cycles", "2", "--format", "ktap"])
        #expect(stress.status == 0, "\(stress.stderr)")
        try await parsedByKunit(stress.stdout, "stress")
    }
}
