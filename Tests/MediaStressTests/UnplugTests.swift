import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

@testable import MediaStress

/// `--unplug`: the USB device above a bound interface, its `authorized` file written 0 and 1
/// instead of the driver's unbind and bind, the journal that lets recovery plug it in again,
/// and the refusal of a device not on USB. On a fake sysfs tree laid out as the kernel lays
/// out a USB camera (…/usb1/1-1/{authorized,idVendor}, the interface …/1-1/1-1:1.0).
@Suite(.serialized) struct UnplugTests {
    let root: String
    let usbDevice: String

    init() async {
        root = FileTree.temporaryDirectory("unplug") ?? "/tmp/mediactl-unplug-failed"
        usbDevice = root + "/sys/devices/platform/vhci_hcd.0/usb1/1-1"
        _ = await BuiltBinary.runProgram("/bin/mkdir", ["-p", usbDevice + "/1-1:1.0", root + "/sys/bus/usb/drivers/uvcvideo", root + "/run"])
        _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "printf 1 > \(usbDevice)/authorized; echo 1209 > \(usbDevice)/idVendor"])
    }

    func target(_ deviceSysPath: String) -> StressTarget {
        StressTarget(
            mediaNode: "/dev/media0", busInfo: "usb-vhci_hcd.0-1", deviceName: "1-1:1.0", deviceSysPath: deviceSysPath,
            driver: "uvcvideo", driverSysPath: root + "/sys/bus/usb/drivers/uvcvideo", nodes: [])
    }

    @Test func anInterfaceIsUnpluggedThroughItsUSBDevice() throws {
        defer { FileTree.remove(root) }
        var camera = target(usbDevice + "/1-1:1.0")
        #expect(camera.usbAuthorizedPath == usbDevice + "/authorized")
        try StressSession.applyUnplug(StressAccess(device: "uvcvideo", unplug: true), to: &camera)
        let binding = SysfsBinding(target: camera)
        try binding.unbind()
        #expect(BuiltBinary.contents(of: usbDevice + "/authorized") == "0")
        try binding.bind()
        #expect(BuiltBinary.contents(of: usbDevice + "/authorized") == "1")
    }

    @Test func aPlatformDeviceIsRefusedInOneLine() {
        defer { FileTree.remove(root) }
        var vimc = target(root + "/sys/devices/platform/vimc.0")
        #expect(vimc.usbAuthorizedPath == nil)
        do {
            try StressSession.applyUnplug(StressAccess(device: "vimc", unplug: true), to: &vimc)
            Issue.record("a platform device was accepted for --unplug")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("is not a USB device"))
        }
        // Without --unplug nothing is asked of the device.
        #expect((try? StressSession.applyUnplug(StressAccess(device: "vimc"), to: &vimc)) != nil)
        #expect(vimc.unplugPath == nil)
    }

    @Test func theJournalKeepsTheUnplugPathForRecovery() throws {
        defer { FileTree.remove(root) }
        let entry = StressJournal.Entry(
            pid: 4242, started: "2026-12-07T17:00:00Z", deviceName: "1-1:1.0", driver: "uvcvideo",
            driverSysPath: root + "/sys/bus/usb/drivers/uvcvideo", command: "mediactl stress unbind --unplug",
            unplugPath: "/sys/devices/platform/vhci_hcd.0/usb1/1-1/authorized")
        #expect(StressJournal.Entry.parse(entry.text) == entry)
        // A journal of a run without --unplug reads as before.
        var plain = entry
        plain.unplugPath = nil
        #expect(StressJournal.Entry.parse(plain.text) == plain)
        #expect(!plain.text.contains("unplug-path"))
    }
}
