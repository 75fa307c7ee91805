import Glibc
import Testing

@testable import MediaStress

/// The pieces of `--file-op` that need no kernel device.
@Suite struct FileOperationTests {
    /// A mapping is touched through a pipe: a readable and writable page is OK both ways, a
    /// page the process may not touch is EFAULT (the kernel's copy fails), never a signal.
    @Test func aTouchThroughThePipeSaysEFAULTInsteadOfFaulting() throws {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        let page = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        defer { munmap(page, size) }
        #expect(FileOperationRun.touch(page, write: false) == "OK")
        #expect(FileOperationRun.touch(page, write: true) == "OK")
        #expect(page.load(as: UInt8.self) == 0xa5)
        mprotect(page, size, PROT_NONE)
        #expect(FileOperationRun.touch(page, write: false) == "EFAULT")
        #expect(FileOperationRun.touch(page, write: true) == "EFAULT")
    }

    /// The last reference goes on a thread of its own: its answer when it returns, `killed`
    /// when the thread ends without returning (as an oops ends it), `stuck` after the timeout.
    @Test func aCallOnItsOwnThreadSaysReturnedKilledOrStuck() {
        #expect(OwnThread.run { "OK" } == "OK")
        #expect(OwnThread.run { pthread_exit(nil) } == "killed")
        #expect(OwnThread.run(timeout: 0.1) { usleep(500_000); return "late" } == "stuck")
    }

    /// The open race's counts are there while its threads run: an oops during the unbind
    /// ends a thread without letting it finish (the fileops lane saw no count at all).
    @Test func theOpenRaceCountsEachOpenAtOnce() {
        let racers = Hammer()
        #expect(racers.start(threads: 1, handles: [], probes: [], churnPaths: ["/dev/null"], seed: 1) == 1)
        usleep(50_000)
        let whileRunning = racers.outcomes.counts["open/close"]?["OK"] ?? 0
        #expect(racers.stop() == 0)
        #expect(whileRunning > 0)
    }

    @Test func everyOperationParsesByItsNameAndAnUnknownOneSaysWhichExist() {
        for operation in FileOperation.allCases {
            #expect((try? FileOperation.parse(operation.rawValue).get()) == operation)
        }
        guard case .failure(let error) = FileOperation.parse("write") else {
            Issue.record("write parsed")
            return
        }
        #expect(error.message == "unknown file operation 'write': one of read, mmap, open, request, request-queued, request-poll, m2m, dqbuf")
    }
}
