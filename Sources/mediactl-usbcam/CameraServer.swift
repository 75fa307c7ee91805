import Glibc
import MediaController
import SystemPackage
import USBCamera

/// Attaches the camera to one vhci-hcd port and serves it: a socket pair whose one end
/// goes to the kernel (vhci keeps its own reference, ours is closed at once), the other
/// read in a poll loop with the stop signals. Whatever ends the loop, the port is
/// detached before `run` returns.
struct CameraServer {
    let configuration: CameraConfiguration
    let host: VHCIController
    let port: Int
    let enumerationTimeout: Duration

    init(configuration: CameraConfiguration, host: VHCIController, port: Int, enumerationTimeout: Duration) throws(USBCamFailure) {
        self.configuration = configuration
        self.host = host
        self.port = port
        self.enumerationTimeout = enumerationTimeout
    }

    func run() throws(USBCamFailure) {
        let signals: StopSignals
        do { signals = try StopSignals() } catch { throw USBCamFailure(message: "\(error)", exitCode: ExitStatus.system) }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw USBCamFailure(message: "socketpair: \(errnoText(Errno(rawValue: errno)))", exitCode: ExitStatus.system)
        }
        let device = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[0]))
        let kernelEnd = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[1]))
        try host.attach(port: port, socket: kernelEnd.fd.rawValue)
        _ = kernelEnd.close()
        printLine("attached port \(port) serial \(configuration.serial) seed \(configuration.seed)")
        let outcome = Result { () throws(USBCamFailure) in try serve(device.fd, signals: signals) }
        let detached = host.detach(port: port)
        _ = device.close()
        printLine(detached ? "detached port \(port)" : "port \(port) is still attached after 10 s")
        let reason = try outcome.get()
        printLine("stopped: \(reason)")
        if !detached { throw USBCamFailure(message: "port \(port) did not detach", exitCode: ExitStatus.system) }
    }

    /// The loop: replies as commands come, frames as they are due. Returns why it ended.
    private func serve(_ socket: FileDescriptor, signals: StopSignals) throws(USBCamFailure) -> String {
        let clock = ContinuousClock()
        let start = clock.now
        var session = CameraSession(configuration: configuration)
        var enumerated = false
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let now = clock.now - start
            if !enumerated, now > enumerationTimeout {
                throw USBCamFailure(
                    message: "the host did not enumerate the camera on port \(port) within \(enumerationTimeout) (see dmesg)",
                    exitCode: ExitStatus.notEnumerated)
            }
            var wait = enumerated ? -1 : 100
            if let deadline = session.nextDeadline { wait = Self.milliseconds(until: deadline, from: now, atMost: wait) }
            var fds = [pollfd(fd: socket.rawValue, events: Int16(POLLIN), revents: 0), pollfd(fd: signals.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32(wait))
            if ready < 0 && errno != EINTR {
                throw USBCamFailure(message: "poll: \(errnoText(Errno(rawValue: errno)))", exitCode: ExitStatus.system)
            }
            if fds[1].revents != 0 { return "signal" }
            var replies: [UInt8] = []
            if fds[0].revents != 0 {
                let count = read(socket.rawValue, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno == ECONNRESET) { return "the host closed the connection (port detached)" }
                if count < 0 && errno != EINTR && errno != EAGAIN {
                    throw USBCamFailure(message: "read: \(errnoText(Errno(rawValue: errno)))", exitCode: ExitStatus.system)
                }
                do {
                    replies = try session.receive(buffer.prefix(max(count, 0)), now: clock.now - start)
                } catch {
                    throw USBCamFailure(message: "port \(port): \(error)", exitCode: ExitStatus.system)
                }
            }
            replies += session.pump(now: clock.now - start)
            if !replies.isEmpty, !Self.send(replies, to: socket) { return "the host closed the connection (port detached)" }
            for event in session.takeEvents() { printLine(Self.describe(event)) }
            if !enumerated, let path = enumeratedPath() {
                enumerated = true
                printLine("enumerated port \(port): \(path) serial \(configuration.serial)")
            }
        }
    }

    /// The device's sysfs path once the host has configured it: its last interface
    /// exists. Only the vhci status and a stat: reading an attribute of the USB device
    /// (bConfigurationValue) takes the device lock, which the hub thread holds while it
    /// waits for this very loop to answer its requests: a deadlock (seen in the VM).
    private func enumeratedPath() -> String? {
        guard let line = host.port(port), line.status == VHCIPort.used, line.busID != "0-0" else { return nil }
        let path = "/sys/bus/usb/devices/\(line.busID)"
        var info = stat()
        guard stat("\(path)/\(line.busID):1.\(Descriptors.streamingInterface)", &info) == 0 else { return nil }
        return path
    }

    private static func milliseconds(until deadline: Duration, from now: Duration, atMost limit: Int) -> Int {
        let left = deadline - now
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000) + 1
        return limit < 0 ? milliseconds : min(milliseconds, limit)
    }

    /// Writes everything; false once the peer is gone (EPIPE, no SIGPIPE).
    private static func send(_ bytes: [UInt8], to socket: FileDescriptor) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    static func describe(_ event: SessionEvent) -> String {
        switch event {
        case .configured(let value):
            return "configuration \(value) set"
        case .committed(let control):
            let size = VideoFormat.frame(index: control.frameIndex).map { "\($0.width)x\($0.height)" } ?? "?"
            return "streaming YUY2 \(size), interval \(control.frameInterval) (100 ns units)"
        case .streamStopped(let frames):
            return "stream stopped after \(frames) frames"
        }
    }
}
