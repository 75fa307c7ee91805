import Foundation
import Testing

@testable import MediaController
@testable import MediaStress

/// NodeWaiter on ordinary files: both ways of waiting (following udev's events, polling)
/// end when the paths are there or gone, and time out with the mechanism named.
@Suite struct NodeWaiterTests {
    static func scratchPath() -> String {
        NSTemporaryDirectory() + "nodewaiter-\(UUID().uuidString)"
    }

    @Test(arguments: [false, true])
    func waitPresentEndsWhenThePathAppears(followingUdev: Bool) throws {
        let path = Self.scratchPath()
        defer { unlink(path) }
        let waiter = NodeWaiter(timeout: 5, udevdRunning: followingUdev)
        let creator = Thread { usleep(150_000); _ = FileManager.default.createFile(atPath: path, contents: nil) }
        creator.start()
        let seconds = try waiter.waitPresent([path])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(seconds < 5)
    }

    @Test(arguments: [false, true])
    func waitGoneReturnsAtOnceForMissingPaths(followingUdev: Bool) throws {
        let waiter = NodeWaiter(timeout: 5, udevdRunning: followingUdev)
        #expect(try waiter.waitGone([Self.scratchPath()]) < 1)
    }

    @Test(arguments: [false, true])
    func timeoutNamesTheWaitAndTheMechanism(followingUdev: Bool) {
        let path = Self.scratchPath()
        let waiter = NodeWaiter(timeout: 0.3, udevdRunning: followingUdev)
        let error = #expect(throws: MediaError.self) { try waiter.waitPresent([path]) }
        #expect(error?.code == .timedOut)
        #expect(error?.operation == "wait for nodes to appear")
        #expect(error?.description.contains(waiter.mechanism) == true)
        #expect(waiter.mechanism.hasPrefix(followingUdev ? "udev monitor" : "sysfs polling"))
    }
}
