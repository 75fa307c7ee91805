import Foundation
import Glibc
@testable import MediaController
import SystemPackage
import Testing

@Suite struct OwnedDescriptorTests {
    static func isOpen(_ fd: FileDescriptor) -> Bool { fcntl(fd.rawValue, F_GETFD) != -1 }

    @Test func closesWhenItGoesOutOfScope() throws {
        var number = FileDescriptor(rawValue: -1)
        do {
            let owned = try OwnedDescriptor(opening: "/dev/null", .readOnly)
            number = owned.fd
            #expect(Self.isOpen(number))
        }
        #expect(!Self.isOpen(number))
    }

    @Test func closeReportsOnceAndConsumes() throws {
        let owned = try OwnedDescriptor(opening: "/dev/null", .readOnly)
        let number = owned.fd
        guard case .success = owned.close() else { Issue.record("close failed"); return }
        #expect(!Self.isOpen(number))
    }

    @Test func openFailureNamesPathAndErrno() {
        #expect(throws: MediaError(
            code: .openFailed, errno: .noSuchFileOrDirectory, path: "/nonexistent/x", operation: "open",
            detail: "no such device node")
        ) { _ = try OwnedDescriptor(opening: "/nonexistent/x", .readOnly) }
    }
}

@Suite struct TextFileTests {
    @Test func writesAndReadsBack() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "textfile-\(getpid()).txt").path
        defer { unlink(path) }
        try TextFile.write("one\ntwo é\n", to: path)
        #expect(try TextFile.read(path) == "one\ntwo é\n")
        try TextFile.write("short", to: path)
        #expect(try TextFile.readBytes(path) == Array("short".utf8), "write replaces, not appends")
    }

    @Test func readsMoreThanOneChunk() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "textfile-big-\(getpid()).txt").path
        defer { unlink(path) }
        let text = String(repeating: "0123456789abcdef", count: 10_000)
        try TextFile.write(text, to: path)
        #expect(try TextFile.read(path).utf8.count == 160_000)
    }

    @Test func missingFileIsAnErrorWithPathAndErrno() {
        do {
            _ = try TextFile.read("/nonexistent/recording.json")
            Issue.record("read a missing file")
        } catch {
            #expect(error.errno == .noSuchFileOrDirectory)
            #expect(error.path == "/nonexistent/recording.json")
            #expect(error.description == "cannot open /nonexistent/recording.json: No such file or directory (ENOENT)")
        }
    }

    @Test func smallFileReadsProcFiles() {
        #expect(TextFile.readSmall("/proc/self/comm") != nil)
        #expect(TextFile.readSmall("/nonexistent") == nil)
    }
}
