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

    @Test func waitForAFlagEndsWhenAnotherThreadSetsIt() {
        let flag = NSLock()
        nonisolated(unsafe) var set = false
        let setter = Thread { usleep(100_000); flag.lock(); set = true; flag.unlock() }
        setter.start()
        let start = MonotonicClock.now
        #expect(MonotonicClock.wait(within: 5) { flag.lock(); defer { flag.unlock() }; return set })
        #expect(MonotonicClock.now - start < 4)
    }

    @Test func waitForAFlagGivesUpAfterItsSeconds() {
        let start = MonotonicClock.now
        #expect(!MonotonicClock.wait(within: 0.2) { false })
        #expect(MonotonicClock.now - start >= 0.2)
    }

    /// --await-unplug: nobody disconnects the device, so the wait ends in its own message.
    @Test func awaitingAnUnplugThatNeverComesSaysSo() throws {
        let directory = Self.scratchPath()
        try FileManager.default.createDirectory(atPath: directory + "/1-1:1.0", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binding = SysfsBinding(deviceName: "1-1:1.0", driverSysPath: directory, disconnection: .awaited(seconds: 1))
        let error = #expect(throws: MediaError.self) { try binding.unbind() }
        #expect(error?.code == .timedOut)
        #expect(error?.operation == "--await-unplug")
        #expect(error?.description.contains("nobody disconnected the device within 1 s") == true)
    }
}
