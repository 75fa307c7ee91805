import Foundation
import Glibc
import MediaController
import SystemPackage
import Testing

@testable import MediaStress

/// The session a stress command opens, through MediaStress's API (the CLI only maps its
/// failures to exit codes).
@Suite struct StressSessionTests {
    /// A `-d` that names nothing fails before anything is locked or journalled, whatever the
    /// machine has (no media device at all, or none of that name).
    @Test func aDeviceThatIsNotThereFailsBeforeTheLock() throws {
        var notices: [String] = []
        let directory = StressJournal.defaultDirectory
        let before = (try? FileManager.listing(directory)) ?? []
        #expect {
            _ = try StressSession.open(
                StressAccess(device: "no-such-device-\(getpid())"), StressConfiguration(), command: "test",
                notice: { notices.append($0) })
        } throws: { error in
            guard let error = error as? MediaError else { return false }
            return [MediaError.Code.noMediaDevices, .deviceNotFound].contains(error.code)
        }
        #expect(((try? FileManager.listing(directory)) ?? []) == before, "no journal written")
        #expect(notices.allSatisfy { !$0.contains("waiting") })
    }

    /// Which failures a device unbound by another run explains (the session then names
    /// that run, or waits for it): gone devices and nodes, not a permission problem.
    @Test(arguments: [
        (MediaError(code: .deviceNotFound, operation: "-d"), true),
        (MediaError(code: .noMediaDevices, operation: "-d"), true),
        (MediaError(code: .openFailed, errno: .noSuchFileOrDirectory, path: "/dev/media0", operation: "open"), true),
        (MediaError(code: .ioctlFailed, errno: .noSuchAddressOrDevice, path: "/dev/media0", operation: "MEDIA_IOC_DEVICE_INFO"), true),
        (MediaError(code: .sysfsFailed, errno: .operationNotSupportedByDevice, path: "/sys/x", operation: "read"), true),
        // The device another run unbinds between the open of its media node and G_TOPOLOGY
        // (seen in the lane: a --wait-lock run failed where it should have waited).
        (MediaError(code: .ioctlFailed, errno: .ioError, path: "/dev/media0", operation: "MEDIA_IOC_G_TOPOLOGY"), true),
        (MediaError(code: .ioctlFailed, errno: .ioError, path: "/dev/video0", operation: "VIDIOC_QUERYCAP"), false),
        (MediaError(code: .openFailed, errno: .permissionDenied, path: "/dev/media0", operation: "open"), false),
        (MediaError(code: .invalidArgument, operation: "stress unbind"), false),
        (MediaError(code: .deviceBusy, path: "/dev/media0", operation: "stress unbind"), false),
    ])
    func vanishedDevices(error: MediaError, vanished: Bool) {
        #expect(SessionStart.vanished(error) == vanished)
    }
}

extension FileManager {
    static func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}
