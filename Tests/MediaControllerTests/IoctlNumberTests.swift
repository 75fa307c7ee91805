import CLinuxMedia
import Glibc
import MediaControllerTestSupport
import Testing

@testable import MediaController

/// The request numbers come from the kernel headers through the C shim; these are
/// the values the kernel's UAPI documentation gives for x86_64, pinned here.
@Suite struct IoctlNumberTests {
    @Test(arguments: [
        (IoctlRequest.deviceInfo, UInt(0xc100_7c00)),
        (IoctlRequest.enumEntities, UInt(0xc100_7c01)),
        (IoctlRequest.enumLinks, UInt(0xc028_7c02)),
        (IoctlRequest.setupLink, UInt(0xc034_7c03)),
        (IoctlRequest.getTopology, UInt(0xc048_7c04)),
        (IoctlRequest.requestAlloc, UInt(0x8004_7c05)),
        (IoctlRequest.queryCapability, UInt(0x8068_5600)),
        (IoctlRequest.subdevGetFormat, UInt(0xc058_5604)),
    ])
    func requestNumber(request: IoctlRequest, expected: UInt) {
        #expect(request.number == expected, "\(request.name)")
    }

    @Test func versionGatedFieldsFollowTheMediaAPIVersion() {
        // MEDIA_V2_ENTITY_HAS_FLAGS needs 4.19, MEDIA_V2_PAD_HAS_INDEX 4.19 as well.
        #expect(CLinuxMedia_media_v2_entity_has_flags(0x04_12_00) == 0)
        #expect(CLinuxMedia_media_v2_entity_has_flags(0x04_13_00) != 0)
        #expect(CLinuxMedia_media_v2_pad_has_index(0x04_13_00) != 0)
        #expect(CLinuxMedia_media_v2_pad_has_index(0x04_12_00) == 0)
    }

    /// The open file description lock commands, against an independent source: Python's
    /// fcntl module (compiled with glibc's _GNU_SOURCE definitions).
    @Test(.enabled(if: access("/usr/bin/python3", X_OK) == 0, "needs Debian's python3"))
    func openFileDescriptionLockCommands() async {
        let result = await BuiltBinary.runProgram(
            "/usr/bin/python3", ["-c", "import fcntl; print(fcntl.F_OFD_GETLK, fcntl.F_OFD_SETLK, fcntl.F_OFD_SETLKW)"])
        #expect(result.stdout == "\(CLinuxMedia_F_OFD_GETLK) \(CLinuxMedia_F_OFD_SETLK) \(CLinuxMedia_F_OFD_SETLKW)\n")
    }
}
