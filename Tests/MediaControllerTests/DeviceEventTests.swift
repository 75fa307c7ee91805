import FoundationEssentials
import Glibc
import Testing

@testable import MediaController

/// `mediactl watch`: decoding uevent properties, the two line formats, the subsystem
/// list, and the monitor and stop signal on the machine's own kernel.
@Suite struct DeviceEventTests {
    /// What the kernel sends when vimc registers its media device (`udevadm monitor -kp`).
    static let kernelAdd = [
        "ACTION": "add", "DEVPATH": "/devices/platform/vimc.0/media0", "SUBSYSTEM": "media",
        "DEVNAME": "media0", "MAJOR": "238", "MINOR": "0", "SEQNUM": "2417",
    ]

    @Test func kernelAddIsDecoded() throws {
        let event = try #require(DeviceEvent(properties: Self.kernelAdd, parentDriver: "vimc", busInfo: "platform:vimc"))
        #expect(event == DeviceEvent(
            action: "add", subsystem: "media", devnode: "/dev/media0", major: 238, minor: 0,
            sysPath: "/sys/devices/platform/vimc.0/media0", driver: "vimc", busInfo: "platform:vimc", sequence: 2417))
        #expect(event.deviceNumber == "238:0")
    }

    @Test func udevRemoveWithAnAbsoluteNodeIsDecoded() throws {
        var properties = Self.kernelAdd
        properties["ACTION"] = "remove"
        properties["DEVNAME"] = "/dev/media0"
        properties["USEC_INITIALIZED"] = "123456"
        let event = try #require(DeviceEvent(properties: properties, sysfsRoot: "/sys"))
        #expect(event.action == "remove")
        #expect(event.devnode == "/dev/media0")
        #expect(event.driver == nil)
        #expect(event.busInfo == nil)
    }

    @Test func bindNamesTheDevicesOwnDriver() throws {
        let properties = [
            "ACTION": "bind", "DEVPATH": "/devices/platform/vimc.0", "SUBSYSTEM": "platform", "DRIVER": "vimc",
            "MODALIAS": "platform:vimc", "SEQNUM": "2500",
        ]
        let event = try #require(DeviceEvent(properties: properties, parentDriver: "other"))
        #expect(event.driver == "vimc")
        #expect(event.devnode == nil)
        #expect(event.deviceNumber == nil)
        #expect(DeviceEventRenderer().text(event) == "bind platform /sys/devices/platform/vimc.0 driver=vimc seq=2500\n")
    }

    @Test(arguments: [["DEVPATH": "/devices/x"], ["ACTION": "add"], ["ACTION": "", "DEVPATH": "/devices/x"]])
    func eventsWithoutActionOrPathAreDropped(properties: [String: String]) {
        #expect(DeviceEvent(properties: properties) == nil)
    }

    @Test func textLineHasEveryField() throws {
        let event = try #require(DeviceEvent(properties: Self.kernelAdd, parentDriver: "vimc", busInfo: "platform:vimc"))
        #expect(DeviceEventRenderer().text(event) == "add media /dev/media0 238:0 driver=vimc bus_info=platform:vimc seq=2417\n")
    }

    @Test func oddValuesAreQuoted() {
        #expect(DeviceEventRenderer.quoted("platform:vimc") == "platform:vimc")
        #expect(DeviceEventRenderer.quoted("") == "\"\"")
        #expect(DeviceEventRenderer.quoted("usb 1-2") == "\"usb 1-2\"")
        #expect(DeviceEventRenderer.quoted("a\"b\\c\td") == "\"a\\\"b\\\\c\\x09d\"")
    }

    @Test func jsonLineIsOneSortedObjectThatReadsBack() throws {
        let event = try #require(DeviceEvent(properties: Self.kernelAdd, parentDriver: "vimc", busInfo: "platform:vimc"))
        let line = try DeviceEventRenderer().jsonLine(event)
        #expect(line == #"{"action":"add","busInfo":"platform:vimc","devnode":"/dev/media0","driver":"vimc","major":238,"minor":0,"sequence":2417,"subsystem":"media","sysPath":"/sys/devices/platform/vimc.0/media0"}"# + "\n")
        #expect(try JSONDecoder().decode(DeviceEvent.self, from: Data(line.utf8)) == event)
    }

    @Test func absentFieldsAreLeftOutOfJSON() throws {
        let event = DeviceEvent(action: "remove", subsystem: "media", sysPath: "/sys/devices/x/media3", sequence: 9)
        #expect(try DeviceEventRenderer().jsonLine(event) == #"{"action":"remove","sequence":9,"subsystem":"media","sysPath":"/sys/devices/x/media3"}"# + "\n")
    }

    @Test func subsystemListIsTrimmedAndDeduplicated() throws {
        #expect(try parseSubsystemList("media, video4linux,media") == ["media", "video4linux"])
        #expect(try parseSubsystemList("platform") == ["platform"])
    }

    @Test(arguments: ["", ",", "media,,video4linux", "video 4 linux"])
    func badSubsystemListsAreRefused(text: String) {
        let error = #expect(throws: MediaError.self) { try parseSubsystemList(text) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func sourceFollowsUdevd() {
        #expect(DeviceEventSource.preferred(udevdRunning: true) == .udev)
        #expect(DeviceEventSource.preferred(udevdRunning: false) == .kernel)
    }

    /// A real monitor on kernel uevents: nothing arrives for a subsystem nobody touches,
    /// and SIGINT ends the wait through `StopSignals`.
    @Test func kernelMonitorTimesOutAndStopsOnSIGINT() throws {
        let monitor = try UdevMonitor(source: .kernel, subsystems: ["mediactl-test-none"])
        #expect(try monitor.next(timeout: 0.05) == .timedOut)
        let stop = try StopSignals()
        #expect(!stop.received)
        raise(SIGINT)
        #expect(try monitor.next(stop: stop.fileDescriptor, timeout: 5) == .stopped)
        #expect(stop.received)
        #expect(stop.received)  // stays true
    }

    /// A synthetic `change` uevent for /dev/null (harmless), seen by a kernel monitor.
    @Test(.enabled(if: geteuid() == 0 && access("/sys/devices/virtual/mem/null/uevent", W_OK) == 0, "needs root and a writable /sys"))
    func syntheticChangeEventIsSeen() throws {
        let monitor = try UdevMonitor(source: .kernel, subsystems: ["mem"])
        guard let file = fopen("/sys/devices/virtual/mem/null/uevent", "w") else {
            Issue.record("cannot open the uevent file")
            return
        }
        fputs("change", file)
        fclose(file)
        let start = DeviceEventTests.seconds
        while DeviceEventTests.seconds - start < 10 {
            guard case .event(let event) = try monitor.next(timeout: 10) else { break }
            guard event.devnode == "/dev/null" else { continue }  // another mem device
            #expect(event.action == "change")
            #expect(event.subsystem == "mem")
            #expect(event.deviceNumber == "1:3")
            #expect(event.sequence > 0)
            return
        }
        Issue.record("no change event for /dev/null within 10 s")
    }

    static var seconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
