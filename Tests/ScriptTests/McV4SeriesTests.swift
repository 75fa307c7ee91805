import MediaControllerTestSupport
import Testing

/// Scripts/lib/mc-v4.sh: where the kernel matrix finds the "Media device lifetime
/// management" v4 series, in the documented order, and the b4 route with a fake b4 that
/// records its command line (these machines have no network for the real one).
@Suite struct McV4SeriesTests {
    static let messageID = "20240610100530.1107771-1-sakari.ailus@linux.intel.com"

    /// A scratch folder with `shared/` (empty), `cache/` (the kernel cache) and `vm/`.
    final class Sandbox {
        let root = ScriptRunner.temporaryDirectory()
        deinit { ScriptRunner.removeTree(root) }

        /// A folder of 26 patch files at `relative`.
        func series(at relative: String, count: Int = 26) async -> String {
            let dir = root + "/" + relative
            _ = await ScriptRunner.bash("mkdir -p \"$D\"; for i in $(seq -w 1 $N); do echo \"patch $i\" >\"$D/$i.patch\"; done",
                                  environment: ["D": dir, "N": String(count)])
            return dir
        }

        /// A fake b4 that logs its arguments and writes an mbox of `messages` patches,
        /// or fails the way b4 does without the network.
        func fakeB4(messages: Int?) -> String {
            let path = root + "/b4"
            let body = messages.map { count in
                """
                out=""; while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done
                mkdir -p "$out"
                for i in $(seq 1 \(count)); do
                    printf 'From mediactl-test Mon Sep 17 00:00:00 2001\\nFrom: Test <t@example.invalid>\\nSubject: [PATCH v4 %02d/26] test\\n\\nbody %d\\n---\\n' $i $i
                done >"$out/mc-lifetime-v4.mbx"
                """
            } ?? "echo 'Grabbing thread from lore.kernel.org/all/\(McV4SeriesTests.messageID)/t.mbox.gz' >&2; echo 'Unable to reach lore.kernel.org' >&2; exit 1"
            ScriptRunner.write("#!/bin/bash\necho \"$@\" >>\(root)/b4.args\n\(body)\n", to: path, mode: 0o755)
            return path
        }

        var b4Calls: [String] {
            get async { await ScriptRunnerFile.lines(root + "/b4.args") }
        }

        func find(given: String = "", environment extra: [String: String] = [:]) async -> [String: String] {
            var environment = ["MEDIACTL_SHARED": root + "/shared", "MEDIACTL_KERNEL_CACHE": root + "/cache",
                               "MEDIACTL_B4": root + "/no-b4", "GIVEN": given]
            environment.merge(extra) { $1 }
            let result = await ScriptRunner.bash("""
                source Scripts/lib/vm-common.sh
                source Scripts/lib/mc-v4.sh
                if mc_v4_find "$GIVEN"; then echo "DIR=$MC_V4_DIR"; echo "FROM=$MC_V4_FROM"
                else echo "ERROR=$MC_V4_ERROR"; fi
                """, environment: environment)
            return ScriptRunner.values(result.stdout)
        }
    }

    @Test func patchesGivenOnTheCommandLineComeFirst() async {
        let box = Sandbox()
        let given = await box.series(at: "mine")
        _ = await box.series(at: "shared/kernel/mc-lifetime-v4/series")
        let found = await box.find(given: given, environment: ["MEDIACTL_MC_V4": box.series(at: "env")])
        #expect(found["FROM"] == "--patches")
        #expect(found["DIR"] == given)
    }

    @Test func environmentVariableComesBeforeShared() async {
        let box = Sandbox()
        _ = await box.series(at: "shared/kernel/mc-lifetime-v4/series")
        let env = await box.series(at: "env/series")
        let found = await box.find(environment: ["MEDIACTL_MC_V4": box.root + "/env"])
        #expect(found["FROM"] == "MEDIACTL_MC_V4")
        #expect(found["DIR"] == env)
    }

    @Test func sharedIsUsedWhenBesideTheRepository() async {
        let box = Sandbox()
        let shared = await box.series(at: "shared/kernel/mc-lifetime-v4/series")
        let found = await box.find()
        #expect(found["FROM"] == "shared")
        #expect(found["DIR"] == shared)
    }

    @Test func aGivenDirectoryWithTheWrongPatchesIsAnErrorNotAFallback() async {
        let box = Sandbox()
        _ = await box.series(at: "shared/kernel/mc-lifetime-v4/series")
        let found = await box.find(given: box.series(at: "short", count: 25))
        #expect(found["ERROR"] == "the mc-lifetime v4 series given with --patches is not usable: \(box.root)/short has 25 *.patch files, not 26")
    }

    @Test func b4FetchesIntoTheKernelCacheOnceWithTheDocumentedCommand() async {
        let box = Sandbox()
        let b4 = box.fakeB4(messages: 26)
        let first = await box.find(environment: ["MEDIACTL_B4": b4])
        #expect(first["FROM"] == "b4 (now)")
        #expect(first["DIR"] == box.root + "/cache/mc-lifetime-v4/series")
        let calls = await box.b4Calls
        #expect(calls.count == 1)
        let words = calls.first?.split(separator: " ").map(String.init) ?? []
        #expect(words.count == 10)
        if words.count == 10 {
            #expect(Array(words[0..<5]) == ["am", "--no-add-trailers", "--no-cache", "--use-version", "4"])
            #expect(words[5] == "--outdir")
            #expect(Array(words[7...]) == ["--mbox-name", "mc-lifetime-v4", Self.messageID])
        }
        let files = await ScriptRunnerFile.lines(box.root + "/list", after: "ls \"$D\" > \(box.root)/list", environment: ["D": box.root + "/cache/mc-lifetime-v4/series"])
        #expect(files == (1...26).map { String(format2: $0) + ".patch" })
        // The next run takes the cached series; b4 is not run again.
        let second = await box.find(environment: ["MEDIACTL_B4": b4])
        #expect(second["FROM"] == "cache (fetched with b4 before)")
        #expect(await box.b4Calls.count == 1)
    }

    @Test func b4GivingTheWrongNumberOfPatchesLeavesNothingInTheCache() async {
        let box = Sandbox()
        let found = await box.find(environment: ["MEDIACTL_B4": box.fakeB4(messages: 3)])
        #expect(found["ERROR"]?.contains("b4 gave 3 messages, not 26") == true)
        #expect(await ScriptRunnerFile.lines(box.root + "/list", after: "ls -A \"$D\" > \(box.root)/list 2>/dev/null || true", environment: ["D": box.root + "/cache"]) == [])
    }

    @Test func nothingFoundIsOneLineNamingEveryWay() async {
        let box = Sandbox()
        let found = await box.find(environment: ["MEDIACTL_B4": box.fakeB4(messages: nil)])
        let error = found["ERROR"] ?? ""
        #expect(error.hasPrefix("the mc-lifetime v4 series was not found: pass --patches kasan-6.12-mc-v4=DIR or set MEDIACTL_MC_V4=DIR, put it at \(box.root)/shared/kernel/mc-lifetime-v4, or let b4 fetch <\(Self.messageID)> (needs the network)"))
        #expect(error.contains("Unable to reach lore.kernel.org"))
        #expect(!error.contains("\n"))
    }
}

/// Small file helpers for these tests.
enum ScriptRunnerFile {
    static func lines(_ path: String, after script: String? = nil, environment: [String: String] = [:]) async -> [String] {
        if let script { _ = await ScriptRunner.bash(script, environment: environment) }
        let result = await ScriptRunner.bash("cat \"$F\" 2>/dev/null || true", environment: ["F": path])
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

extension String {
    /// Two digits, zero-padded: 1 -> "01".
    init(format2 number: Int) {
        self = number < 10 ? "0\(number)" : String(number)
    }
}
