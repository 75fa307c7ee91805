import Glibc
import MediaControllerTestSupport
import Testing

/// What `BuiltBinary` reports of a process: the tests' assertions on `status`, `stdout`
/// and `stderr` mean what they say only if these hold.
struct BuiltBinaryTests {
    @Test func statusIsTheExitCodeAndBothStreamsAreKeptApart() async {
        let result = await BuiltBinary.runProgram("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "out")
        #expect(result.stderr == "err")
    }

    @Test func standardInputIsEmpty() async {
        #expect(await BuiltBinary.runProgram("/bin/sh", ["-c", "wc -c"]).stdout.filter(\.isNumber) == "0")
    }

    @Test func aProcessEndedByASignalIs128PlusTheSignal() async {
        #expect(await BuiltBinary.runProgram("/bin/sh", ["-c", "kill -TERM $$"]).status == 128 + SIGTERM)
    }

    @Test func aProgramThatCannotStartIs127NamingIt() async {
        let result = await BuiltBinary.runProgram("/nonexistent/program", [])
        #expect(result.status == 127)
        #expect(result.stderr.hasPrefix("/nonexistent/program: "))
    }

    /// A background process: its pid is the child's (signalled by kill), its output goes
    /// to the file, and wait gives 128 + the signal.
    @Test func aBackgroundProcessIsSignalledByPidAndWaitedFor() async throws {
        let output = "/tmp/mediactl-builtbinary-\(getpid())"
        defer {
            unlink(output)
            unlink(output + ".stderr")
        }
        let sleeper = try #require(
            await BuiltBinary.startProgram("/bin/sh", ["-c", "echo started; echo warned >&2; exec sleep 60"], outputPath: output))
        #expect(sleeper.pid > 0 && sleeper.pid != getpid())
        for _ in 0..<200 where !BuiltBinary.contents(of: output).contains("started") { usleep(10_000) }
        #expect(kill(sleeper.pid, 0) == 0)
        kill(sleeper.pid, SIGKILL)
        #expect(await BuiltBinary.wait(sleeper) == 128 + SIGKILL)
        #expect(BuiltBinary.contents(of: output) == "started\n")
        #expect(BuiltBinary.contents(of: output + ".stderr") == "warned\n")
        #expect(await BuiltBinary.startProgram("/nonexistent/program", [], outputPath: output) == nil)
    }

    @Test func fileTreeRemovesATreeWithoutFollowingLinks() async {
        let root = "/tmp/mediactl-filetree-\(getpid())"
        let kept = root + "-kept"
        _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "mkdir -p \(root)/a/b \(kept) && touch \(root)/a/b/f \(root)/g \(kept)/k && ln -s \(kept) \(root)/link"])
        FileTree.remove(root)
        #expect(access(root, F_OK) != 0)
        #expect(access(kept + "/k", F_OK) == 0)
        FileTree.remove(kept)
        #expect(access(kept, F_OK) != 0)
        FileTree.remove(kept)  // missing: no error, nothing to do
    }
}
