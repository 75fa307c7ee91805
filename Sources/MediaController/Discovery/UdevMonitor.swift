import CUdev
import Glibc
import SystemPackage

/// Where device events come from.
public enum DeviceEventSource: String, Sendable, Codable, CaseIterable {
    /// Events after udevd handled them (netlink group `udev`): nodes and permissions are
    /// in place. Needs udevd; without it nothing arrives.
    case udev
    /// The kernel's own uevents (netlink group `kernel`), before udevd (if any) sees them.
    case kernel

    /// The source to use: `udev` where udevd runs (its control socket
    /// `/run/udev/control` exists), `kernel` otherwise.
    public static func preferred(udevdRunning: Bool = UdevQueue.isDaemonRunning) -> DeviceEventSource {
        udevdRunning ? .udev : .kernel
    }
}

/// What `UdevMonitor.next` returned.
public enum MonitorWakeup: Sendable, Equatable {
    case event(DeviceEvent)
    /// The stop descriptor became readable (SIGINT or SIGTERM arrived).
    case stopped
    case timedOut
}

/// A libudev monitor (`udev_monitor_new_from_netlink`) filtered by subsystem: device
/// events as they happen, each decoded into a `DeviceEvent` with the driver of its
/// parent and, for media devices, the bus info.
public final class UdevMonitor {
    public let source: DeviceEventSource
    public let subsystems: [String]
    private let udev: OpaquePointer
    private let monitor: OpaquePointer
    /// Driver by device sysfs path: what the devices present at start and every event
    /// seen so far said, so removals (whose parent has lost its driver) still name it.
    private var drivers: [String: String] = [:]

    /// Connects to the netlink source, installs the subsystem filter and starts
    /// receiving. Events from before this returns are not seen.
    /// `rememberingDrivers: false` skips the enumeration that lets removals name their
    /// driver, for callers that never decode events (`waitForAnyEvent`).
    public init(source: DeviceEventSource, subsystems: [String], rememberingDrivers: Bool = true) throws(MediaError) {
        guard let udev = udev_new() else {
            throw MediaError(code: .monitorFailed, operation: "udev_new", detail: "libudev has no context")
        }
        guard let monitor = udev_monitor_new_from_netlink(udev, source.rawValue) else {
            udev_unref(udev)
            throw MediaError(
                code: .monitorFailed, errno: Errno(rawValue: errno), operation: "udev_monitor_new_from_netlink",
                detail: "cannot listen to \(source.rawValue) events")
        }
        self.udev = udev
        self.monitor = monitor
        self.source = source
        self.subsystems = subsystems
        for subsystem in subsystems {
            guard udev_monitor_filter_add_match_subsystem_devtype(monitor, subsystem, nil) >= 0 else {
                throw MediaError(
                    code: .monitorFailed, operation: "udev_monitor_filter_add_match_subsystem_devtype",
                    detail: "cannot filter on subsystem '\(subsystem)'")
            }
        }
        // Unbinding or loading a driver with 64 devices sends hundreds of events at once.
        _ = udev_monitor_set_receive_buffer_size(monitor, 4 << 20)
        let enabled = udev_monitor_enable_receiving(monitor)
        guard enabled >= 0 else {
            throw MediaError(
                code: .monitorFailed, errno: Errno(rawValue: -enabled), operation: "udev_monitor_enable_receiving")
        }
        if rememberingDrivers { rememberPresentDevices() }
    }

    deinit {
        udev_monitor_unref(monitor)
        udev_unref(udev)
    }

    /// The netlink socket; readable when an event is waiting.
    public var fileDescriptor: Int32 { udev_monitor_get_fd(monitor) }

    /// The next event that passes the filter, without blocking; nil when none is waiting.
    public func receive() -> DeviceEvent? {
        while let device = udev_monitor_receive_device(monitor) {
            defer { udev_device_unref(device) }
            if let event = decode(device) { return event }
        }
        return nil
    }

    /// Waits for the next event, until `stop` becomes readable, or until `timeout`
    /// seconds passed (nil: no limit). A stop wins over events already waiting.
    public func next(stop: Int32? = nil, timeout: Double? = nil) throws(MediaError) -> MonitorWakeup {
        let deadline = timeout.map { Self.now + $0 }
        while true {
            var descriptors = [pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)]
            if let stop { descriptors.append(pollfd(fd: stop, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = deadline.map { Self.pollMilliseconds($0 - Self.now) } ?? -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw MediaError(code: .monitorFailed, errno: Errno(rawValue: errno), operation: "poll")
            }
            if descriptors.count > 1, descriptors[1].revents != 0 { return .stopped }
            if descriptors[0].revents & Int16(POLLIN) != 0, let event = receive() { return .event(event) }
            if descriptors[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                throw MediaError(code: .monitorFailed, operation: "poll", detail: "the netlink socket failed")
            }
            if let deadline, Self.now >= deadline { return .timedOut }
        }
    }

    /// Waits until an event passed the filter or `timeout` seconds passed, and drops what
    /// arrived undecoded (no sysfs read, no device opened): for callers that only need to
    /// know that something changed. Returns whether anything arrived.
    public func waitForAnyEvent(timeout: Double) throws(MediaError) -> Bool {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, Self.pollMilliseconds(timeout)) < 0 && errno != EINTR {
            throw MediaError(code: .monitorFailed, errno: Errno(rawValue: errno), operation: "poll")
        }
        var arrived = false
        while let device = udev_monitor_receive_device(monitor) {
            udev_device_unref(device)
            arrived = true
        }
        return arrived
    }

    // MARK: - Decoding

    private func decode(_ device: OpaquePointer) -> DeviceEvent? {
        var properties: [String: String] = [:]
        var entry = udev_device_get_properties_list_entry(device)
        while let current = entry {
            if let name = udev_list_entry_get_name(current) {
                properties[String(cString: name)] = udev_list_entry_get_value(current).map { String(cString: $0) } ?? ""
            }
            entry = udev_list_entry_get_next(current)
        }
        // The sysfs root libudev uses is where DEVPATH hangs off.
        let sysPath = udev_device_get_syspath(device).map { String(cString: $0) }
        let devpath = properties["DEVPATH"] ?? ""
        let sysfsRoot = sysPath.flatMap { $0.hasSuffix(devpath) ? String($0.dropLast(devpath.count)) : nil } ?? "/sys"
        guard var event = DeviceEvent(properties: properties, sysfsRoot: sysfsRoot) else { return nil }
        if event.driver == nil {
            event.driver = udev_device_get_parent(device).flatMap { udev_device_get_driver($0) }.map { String(cString: $0) }
        }
        if event.action == "remove" {
            event.driver = event.driver ?? drivers[event.sysPath]
            drivers[event.sysPath] = nil
        } else {
            if let driver = event.driver { drivers[event.sysPath] = driver } else { event.driver = drivers[event.sysPath] }
            if event.subsystem == "media", let devnode = event.devnode {
                event.busInfo = try? MediaDevice(path: devnode).deviceInfo().busInfo
            }
        }
        return event
    }

    /// Fills `drivers` from the devices of the watched subsystems present now.
    private func rememberPresentDevices() {
        guard let enumerate = udev_enumerate_new(udev) else { return }
        defer { udev_enumerate_unref(enumerate) }
        for subsystem in subsystems { _ = udev_enumerate_add_match_subsystem(enumerate, subsystem) }
        guard udev_enumerate_scan_devices(enumerate) >= 0 else { return }
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            defer { entry = udev_list_entry_get_next(current) }
            guard let name = udev_list_entry_get_name(current), let device = udev_device_new_from_syspath(udev, name)
            else { continue }
            defer { udev_device_unref(device) }
            let driver = udev_device_get_driver(device) ?? udev_device_get_parent(device).flatMap { udev_device_get_driver($0) }
            if let driver { drivers[String(cString: name)] = String(cString: driver) }
        }
    }

    /// `seconds` as poll(2)'s timeout: rounded up, at least 0, at most an hour.
    private static func pollMilliseconds(_ seconds: Double) -> Int32 {
        Int32(max(0, min(seconds * 1000, 3_600_000)).rounded(.up))
    }

    private static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
