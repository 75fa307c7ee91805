import Glibc
import MediaControllerTestSupport
import Testing

/// Every input of the committed fuzz corpora (Fuzz/corpus, grown by Scripts/fuzz --merge)
/// goes through its parser in the plain build too: an input that once crashed, and was
/// fixed, stays fixed.
@Suite struct FuzzCorpusTests {
    static let repository = TestMachine.repository

    static var fuzzBinary: String {
        let mediactl = BuiltBinary.mediactlPath
        return String(mediactl.dropLast("mediactl".count)) + "mediactl-fuzz"
    }

    @Test(arguments: ["link-spec", "format-spec", "pipeline", "kmsg", "recording"])
    func corpusReplaysWithoutATrap(target: String) async {
        let corpus = Self.repository + "/Fuzz/corpus/" + target
        let count = await BuiltBinary.runProgram("/bin/sh", ["-c", "ls -A '\(corpus)' | wc -l"]).stdout
            .filter(\.isNumber)
        let result = await BuiltBinary.runProgram(Self.fuzzBinary, [target, corpus])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Int(count) ?? 0 > 0, "no corpus for \(target)")
        #expect(result.stdout == "\(target): \(count) inputs replayed\n")
    }

    @Test func anUnknownTargetIsAUsageError() async {
        let result = await BuiltBinary.runProgram(Self.fuzzBinary, ["yaml", "/dev/null"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("usage: mediactl-fuzz TARGET PATH..."))
    }
}
