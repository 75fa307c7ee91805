import MediaController
import Testing

@testable import MediaStress

/// Which drivers `mediactl stress` may unbind: the kernel's test drivers without a word,
/// any other only when `--allow-driver` names it.
@Suite struct PreflightDriverTests {
    @Test(arguments: ["vimc", "vivid", "vim2m", "vicodec", "visl", "vidtv"])
    func aTestDriverNeedsNoAllowDriver(driver: String) throws {
        try Preflight.checkDriver(driver, of: "/dev/media3", allowedDrivers: [])
    }

    @Test func anUnknownDriverIsRefusedWithTheWayAround() {
        #expect {
            try Preflight.checkDriver("uvcvideo", of: "/dev/media0", allowedDrivers: [])
        } throws: { error in
            guard let error = error as? MediaError else { return false }
            return error.code == .invalidArgument && error.path == "/dev/media0"
                && error.detail == "driver 'uvcvideo' is not a test driver; pass --allow-driver uvcvideo to unbind it anyway"
        }
        // A name that only looks like a test driver is not one.
        #expect(throws: MediaError.self) {
            try Preflight.checkDriver("vim2m-hw", of: "/dev/media0", allowedDrivers: [])
        }
    }

    @Test func allowDriverLetsAnUnknownDriverThrough() throws {
        try Preflight.checkDriver(
            "uvcvideo", of: "/dev/media0", allowedDrivers: ["uvcvideo"])
    }
}
