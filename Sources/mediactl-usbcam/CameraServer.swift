import Glibc
import KernelLog
import MediaController
import SystemPackage
import USBCamera

/// Attaches the camera to one vhci-hcd port and serves it: a socket pair whose one end
/// goes to the kernel (vhci keeps its own reference, ours is closed at once), the other
/// read in a poll loop with the stop signals. Whatever ends the loop, the port is
/// detached before `run` returns.
///
/// With a `vanish` plan the device side disappears on its own: once the camera has been
/// enumerated for `every`, at the next moment a streaming transfer is pending (or 2 s later
/// if none comes), the camera closes its end of the connection without answering, as a
/// device that loses power does; vhci disconnects it. After `returnAfter` it attaches
/// again on the same port (the same bus path, a new device number), `count` times.
struct CameraServer {
    /// When the device side vanishes by itself.
    struct VanishPlan {
        var every: Duration
        var count: Int
        var returnAfter: Duration
        /// How long to wait for a pending streaming transfer before vanishing idle.
        static let transferGrace = Duration.seconds(2)
    }

    /// Why one attachment's loop ended.
    enum End {
        case stopped(String)
        case vanished(String)
    }

    let configuration: CameraConfiguration
    let host: VHCIController
    let port: Int
    let enumerationTimeout: Duration
    var vanish: VanishPlan?

    init(
        configuration: CameraConfiguration, host: VHCIController, port: Int, enumerationTimeout: Duration,
        vanish: VanishPlan? = nil
    ) throws(USBCamFailure) {
        self.configuration = configuration
        self.host = host
        self.port = port
        self.enumerationTimeout = enumerationTimeout
        self.vanish = vanish
    }

    func run() throws(USBCamFailure) {
        let signals: StopSignals
        do { signals = try StopSignals() } catch { throw USBCamFailure(message: "\(error)", exitCode: ExitStatus.system) }
        var vanished = 0
        while true {
            let plan = vanish.flatMap { vanished < $0.count ? $0 : nil }
            switch try attachAndServe(signals: signals, vanish: plan) {
            case .vanished(let how):
                vanished += 1
                printLine("vanished \(vanished) of \(plan?.count ?? 0): port \(port) \(how)")
                guard waitForFreePort() else {
                    throw USBCamFailure(message: "port \(port) stayed taken after the camera vanished", exitCode: ExitStatus.system)
                }
                guard let plan, sleepUnlessStopped(plan.returnAfter, signals) else {
                    printLine("stopped: signal (while unplugged)")
                    return
                }
            case .stopped(let reason):
                printLine("stopped: \(reason)")
                return
            }
        }
    }

    /// One attachment: a new socket pair given to vhci, served until it ends. Unless the
    /// camera vanished (the connection just drops), the port is detached before it returns,
    /// whatever ended the loop.
    private func attachAndServe(signals: StopSignals, vanish: VanishPlan?) throws(USBCamFailure) -> End {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw USBCamFailure(message: "socketpair: \(errnoText(Errno(rawValue: errno)))", exitCode: ExitStatus.system)
        }
        let device = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[0]))
        let kernelEnd = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[1]))
        do throws(USBCamFailure) {
            try host.attach(port: port, socket: kernelEnd.fd.rawValue)
        } catch {
            _ = kernelEnd.close()
            _ = device.close()
            throw error
        }
        _ = kernelEnd.close()
        printLine("attached port \(port) serial \(configuration.serial) seed \(configuration.seed)")
        let outcome = Result { () throws(USBCamFailure) in try serve(device.fd, signals: signals, vanish: vanish) }
        if case .success(.vanished) = outcome {
            _ = device.close()  // nothing said: vhci shuts the port down itself
            return try outcome.get()
        }
        let detached = host.detach(port: port)
        _ = device.close()
        printLine(detached ? "detached port \(port)" : "port \(port) is still attached after 10 s")
        let end = try outcome.get()
        if !detached { throw USBCamFailure(message: "port \(port) did not detach", exitCode: ExitStatus.system) }
        return end
    }

    /// After a vanish: vhci frees the port once its threads have seen the connection drop.
    private func waitForFreePort() -> Bool {
        for _ in 0..<200 {
            if host.port(port)?.status == VHCIPort.free { return true }
            usleep(50_000)
        }
        return false
    }

    /// Sleeps `duration`; false when a stop signal came meanwhile.
    private func sleepUnlessStopped(_ duration: Duration, _ signals: StopSignals) -> Bool {
        var fds = [pollfd(fd: signals.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int32(clamping: Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        return poll(&fds, 1, milliseconds) <= 0 || fds[0].revents == 0
    }

    /// The loop: replies as commands come, frames as they are due. Returns why it ended.
    private func serve(_ socket: FileDescriptor, signals: StopSignals, vanish: VanishPlan?) throws(USBCamFailure) -> End {
        let clock = ContinuousClock()
        let start = clock.now
        var session = CameraSession(configuration: configuration)
        var enumeratedAt: Duration?
        // What the kernel says from here on: the reason when the camera never enumerates.
        let kernelLog = try? KmsgReader(startAt: .now)
        defer { kernelLog?.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let now = clock.now - start
            if enumeratedAt == nil, now > enumerationTimeout {
                let said = kernelLog.flatMap { log in
                    EnumerationLog.reason(log.drainLines().map { EnumerationLog.Line(priority: $0.priority, text: $0.text) })
                }
                throw USBCamFailure(
                    message: "the host did not enumerate the camera on port \(port) within \(enumerationTimeout): "
                        + (said.map { "the kernel said '\($0)'" } ?? "the kernel said nothing of it (see dmesg)"),
                    exitCode: ExitStatus.notEnumerated)
            }
            if let vanish, let enumeratedAt, now >= enumeratedAt + vanish.every {
                let pending = session.pendingBulk.count
                if pending > 0 { return .vanished("mid-transfer (\(pending) streaming transfer(s) pending)") }
                if now >= enumeratedAt + vanish.every + VanishPlan.transferGrace { return .vanished("idle (nothing streamed)") }
            }
            var wait = enumeratedAt == nil || vanish != nil ? 100 : -1
            if let deadline = session.nextDeadline { wait = Self.milliseconds(until: deadline, from: now, atMost: wait) }
            var fds = [pollfd(fd: socket.rawValue, events: Int16(POLLIN), revents: 0), pollfd(fd: signals.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32(wait))
            if ready < 0 && errno != EINTR {
                throw USBCamFailure(message: "poll: \(errnoText(Errno(rawValue: errno)))", exitCode: ExitStatus.system)
            }
            if fds[1].revents != 0 { return .stopped("signal") }
            var replies: [UInt8] = []
            if fds[0].revents != 0 {
                let count = read(socket.rawValue, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno == ECONNRESET) { return .stopped("the host closed the connection (port detached)") }
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
            if !replies.isEmpty, !Self.send(replies, to: socket) { return .stopped("the host closed the connection (port detached)") }
            for event in session.takeEvents() { printLine(Self.describe(event)) }
            if enumeratedAt == nil, let path = enumeratedPath() {
                enumeratedAt = clock.now - start
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
