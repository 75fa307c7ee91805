import MediaControllerTestSupport
import Testing

/// Scripts/bench/live-gate's verdict (`--check`, no VM): each gated count against its
/// budget, the larger of a command's two runs counting; one count over its budget fails
/// the gate naming it; a missing budget fails it too. The counts here are written by hand,
/// not taken from a run: what is tested is the comparison.
@Suite struct LiveGateTests {
    static let counts = """
        # guest 6.12.117+deb12-amd64, 2 vCPUs, vimc at /dev/media0
        version ir=400 syscalls=70 faults=110
        version ir=400 syscalls=70 faults=112
        list ir=500 syscalls=90 faults=120
        list ir=500 syscalls=90 faults=120
        info ir=600 syscalls=100 faults=130
        info ir=600 syscalls=100 faults=130
        topology ir=1000 syscalls=200 faults=150
        topology ir=1000 syscalls=201 faults=150
        media-ctl-p ir=900 syscalls=600 faults=70
        media-ctl-p ir=900 syscalls=600 faults=70

        """

    /// A budget file with every limit `slack` above the counts, `overrides` replacing lines.
    static func budget(slack: Int = 0, _ overrides: [String: Int] = [:]) -> String {
        let base: [String: Int] = [
            "VERSION_IR": 400, "VERSION_SYSCALLS": 70, "VERSION_FAULTS": 112,
            "LIST_IR": 500, "LIST_SYSCALLS": 90, "LIST_FAULTS": 120,
            "INFO_IR": 600, "INFO_SYSCALLS": 100, "INFO_FAULTS": 130,
            "TOPOLOGY_IR": 1000, "TOPOLOGY_SYSCALLS": 201, "TOPOLOGY_FAULTS": 150,
        ]
        return base.merging(overrides) { $1 }.sorted { $0.key < $1.key }
            .map { "LIVE_\($0.key)=\($0.value + slack)" }.joined(separator: "\n") + "\n"
    }

    static func check(budget: String) async -> BuiltBinary.Result {
        let directory = ScriptRunner.temporaryDirectory()
        defer { ScriptRunner.removeTree(directory) }
        ScriptRunner.write(counts, to: directory + "/counts.txt")
        ScriptRunner.write("# a comment\n" + budget, to: directory + "/budget.env")
        return await ScriptRunner.bash("Scripts/bench/live-gate --check \(directory)/counts.txt --budget \(directory)/budget.env")
    }

    @Test func countsEqualToTheirBudgetsPass() async {
        let result = await Self.check(budget: Self.budget())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("live-gate: ok: topology syscalls: 201 of 201 (100.0%)"))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test(arguments: [
        ("TOPOLOGY_IR", 999, "topology ir: 1000, over the budget of 999 (LIVE_TOPOLOGY_IR)"),
        ("TOPOLOGY_SYSCALLS", 200, "topology syscalls: 201, over the budget of 200 (LIVE_TOPOLOGY_SYSCALLS)"),
        ("VERSION_FAULTS", 111, "version faults: 112, over the budget of 111 (LIVE_VERSION_FAULTS)"),
        ("LIST_IR", 499, "list ir: 500, over the budget of 499 (LIVE_LIST_IR)"),
    ])
    func oneCountOverItsBudgetFailsNamingIt(key: String, limit: Int, message: String) async {
        let result = await Self.check(budget: Self.budget([key: limit]))
        #expect(result.status == 1)
        #expect(result.stdout.contains("live-gate: FAIL: \(message)"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").filter { $0.contains("FAIL") }.count == 1, "only that count fails")
    }

    @Test func aMissingBudgetFails() async {
        let budget = Self.budget().split(separator: "\n").filter { !$0.hasPrefix("LIVE_INFO_FAULTS=") }.joined(separator: "\n")
        let result = await Self.check(budget: budget + "\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("live-gate: no LIVE_INFO_FAULTS in"))
    }

    @Test func theCommittedBudgetNamesEveryCount() async {
        let result = await ScriptRunner.bash("""
            for name in VERSION LIST INFO TOPOLOGY; do for kind in IR SYSCALLS FAULTS; do
              grep -qE "^LIVE_${name}_${kind}=[0-9]+$" Scripts/bench/live-budget.env || echo "missing LIVE_${name}_${kind}"
            done; done
            """)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
    }
}
