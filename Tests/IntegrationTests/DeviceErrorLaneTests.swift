import MediaControllerTestSupport
import Testing

/// Error paths that need real device nodes: one line on stderr, documented exit codes.
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"))
struct DeviceErrorLaneTests {
    @Test func aVideoNodeIsNotAMediaDevice() async throws {
        let result = await BuiltBinary.run(["info", "-d", "/dev/video0"])
        #expect(result.status == 4)
        #expect(result.stdout == "")
        #expect(result.stderr == "mediactl: /dev/video0 is not a media device: Inappropriate ioctl for device (ENOTTY); MEDIA_IOC_DEVICE_INFO is not supported there\n")
    }

    @Test func permissionDeniedSaysWhatToDo() async throws {
        // The nodes are root:video 0660; run as nobody without groups.
        let result = await BuiltBinary.runProgram(
            "setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", BuiltBinary.mediactlPath, "topology", "-d", "/dev/media0"])
        #expect(result.status == 4)
        #expect(result.stderr == "mediactl: cannot open /dev/media0: Permission denied (EACCES); run as root or as a member of the device's group (usually 'video')\n")
    }

    @Test func numberAndBusInfoSelectLikeMediaCtl() async throws {
        let byNumber = await BuiltBinary.run(["info", "-d", "0"])
        let byBus = await BuiltBinary.run(["info", "-d", "platform:vimc"])
        let bySysfs = await BuiltBinary.run(["info", "-d", "/sys/devices/platform/vimc.0"])
        #expect(byNumber.status == 0 && byBus.status == 0 && bySysfs.status == 0)
        #expect(byNumber.stdout == byBus.stdout)
        #expect(byBus.stdout == bySysfs.stdout)
        #expect(byBus.stdout.contains("bus info        platform:vimc"))
    }
}
