import Testing

@testable import MediaController

/// Real system calls on files every Linux machine has: the error paths users hit.
@Suite struct DeviceErrorTests {
    @Test func devNullIsNotAMediaDevice() throws {
        let device = try MediaDevice(path: "/dev/null")
        let error = #expect(throws: MediaError.self) { try device.deviceInfo() }
        #expect(error?.code == .notAMediaDevice)
        #expect(error?.errno == .inappropriateIOCTLForDevice)
        #expect(error?.description == "/dev/null is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there")
    }

    @Test func missingNodeNamesThePathAndErrno() {
        let error = #expect(throws: MediaError.self) { try MediaDevice(path: "/dev/media-does-not-exist") }
        #expect(error?.code == .openFailed)
        #expect(error?.errno == .noSuchFileOrDirectory)
        #expect(error?.description.hasPrefix("cannot open /dev/media-does-not-exist: No such file or directory (ENOENT)") == true)
    }

    @Test func topologyOnANonMediaFileFailsWithTheIoctlName() throws {
        let device = try MediaDevice(path: "/dev/null")
        let error = #expect(throws: MediaError.self) { try device.rawTopology() }
        #expect(error?.operation == "MEDIA_IOC_G_TOPOLOGY")
        #expect(error?.path == "/dev/null")
    }

    @Test(arguments: [
        (IoctlRequest.setupLink, Errno.invalidArgument, "no such link, or it is immutable"),
        (IoctlRequest.setupLink, Errno.resourceBusy, "the pipeline is streaming"),
        (IoctlRequest.getTopology, Errno.ioError, "the media device was unregistered (driver unbound?)"),
    ])
    func ioctlErrorsExplainTheErrno(request: IoctlRequest, errno: Errno, meaning: String) {
        let error = MediaError.ioctl(request, "/dev/media0", errno)
        #expect(error.detail == meaning)
        #expect(error.description.contains(request.name))
        #expect(error.description.contains("(\(errnoName(errno)))"))
    }
}

import SystemPackage
