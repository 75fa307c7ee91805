import Foundation
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

    /// `--await-unplug`: nothing is written; `unbind` returns once somebody else has
    /// disconnected the device (the interface left the driver), and says so in one line when
    /// nobody did within the wait; `ensureBound` never writes `bind` for somebody else's device.
    @Test func anAwaitedUnplugWaitsForSomebodyElse() async throws {
        defer { FileTree.remove(root) }
        let bound = root + "/sys/bus/usb/drivers/uvcvideo/1-1:1.0"
        _ = await BuiltBinary.runProgram("/bin/sh", ["-c", "printf x > '\(bound)'"])
        var camera = target(usbDevice + "/1-1:1.0")
        try StressSession.applyUnplug(StressAccess(device: "uvcvideo", awaitUnplug: 0.3), to: &camera)
        #expect(camera.disconnection == .awaited(seconds: 0.3))
        #expect(camera.unplugPath == nil)
        let binding = SysfsBinding(target: camera)
        #expect(binding.isBound)
        do {
            try binding.unbind()
            Issue.record("unbind returned while the device was still bound")
        } catch {
            #expect(error.code == .timedOut)
            #expect(error.description.contains("nobody disconnected the device within 0 s"))
            #expect(!error.description.contains("\n"))
        }
        // Somebody pulls the cable 0.1 s from now.
        async let pulled = BuiltBinary.runProgram("/bin/sh", ["-c", "sleep 0.1; rm '\(bound)'"])
        var patient = binding
        patient.disconnection = .awaited(seconds: 30)  // a loaded machine starts sh late
        try patient.unbind()
        _ = await pulled
        #expect(!binding.isBound)
        #expect(BuiltBinary.contents(of: usbDevice + "/authorized") == "1")
        #expect(throws: MediaError.self) { try binding.ensureBound() }
        #expect(access(root + "/sys/bus/usb/drivers/uvcvideo/bind", F_OK) != 0)
        // Either mode, not both, on any bus.
        var vimc = target(root + "/sys/devices/platform/vimc.0")
        try StressSession.applyUnplug(StressAccess(device: "vimc", awaitUnplug: 5), to: &vimc)
        #expect(vimc.disconnection == .awaited(seconds: 5))
        #expect(throws: MediaError.self) {
            try StressSession.applyUnplug(StressAccess(device: "uvcvideo", unplug: true, awaitUnplug: 5), to: &camera)
        }
    }

    /// The report's JSON says how the device was taken away, and reads back.
    @Test func theDisconnectionRoundTripsThroughJSON() throws {
        for value in [Disconnection.unbind, .authorized(path: usbDevice + "/authorized"), .awaited(seconds: 90)] {
            let data = try JSONEncoder().encode(value)
            #expect(try JSONDecoder().decode(Disconnection.self, from: data) == value)
        }
        let text = String(decoding: try JSONEncoder().encode(Disconnection.awaited(seconds: 90)), as: UTF8.self)
        #expect(text.contains(#""kind":"awaited""#))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Disconnection.self, from: Data(#"{"kind":"yank"}"#.utf8)) }
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
