import ArgumentParser
import Glibc
import KernelLog
import MediaController
import MediaStress
import SystemPackage

struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Stress-test media device lifetime.",
        subcommands: [UnbindCommand.self, SweepCommand.self, RecoverCommand.self])
}

struct UnbindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unbind",
        abstract: "Hold file handles across sysfs unbind/bind of the driver, hammer ioctls, read the kernel log.",
        discussion: """
            Root only. Only the kernel's test drivers (vimc, vivid, vim2m, vicodec, visl, vidtv) \
            unless --allow-driver. The device is bound again on every exit path (errors, \
            SIGINT, SIGTERM); a run killed outright (SIGKILL) leaves a journal in \
            /run/mediactl, and the next mediactl stress binds the device again. One \
            run per bound device at a time; a device whose media node another program has \
            locked (libcamera), or any node of which another process has open (as fuser \
            finds it in /proc: v4l2-ctl --stream-mmap takes no lock), is refused, exit 2, \
            naming their pids and commands, unless --force; the report then names them. \
            Where the kernel has kmemleak, \
            the run ends with a scan (after waiting out kmemleak's 5 s minimum age): \
            leaks allocated through the media core, V4L2, vb2, the DVB core or the driver \
            are findings (kind memory-leak), others are counted (--leaks).

            Exit codes: 0 clean; 1 a kernel splat or a contract deviation; 2 usage or setup \
            error, or the device is busy; 3 the device did not come back after bind; 130 a \
            second SIGINT/SIGTERM.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }
    /// `--leaks`: MediaStress's `LeakScope`, spelled for the parser.
    enum Leaks: String, ExpressibleByArgument, CaseIterable { case device, all, off }

    @OptionGroup var options: StressAccessOptions

    @Option(help: "Number of unbind/bind cycles.")
    var cycles: Int = 1

    @Option(help: "Run cycles for this many seconds instead of --cycles.")
    var duration: Double?

    @Option(help: ArgumentHelp(
        "Node kinds to hold open across the unbind: media, video, subdev, vbi, radio, swradio, touch (comma-separated).",
        discussion: "Default: media,video,subdev; with --pin, only the pinned ioctl's kind. A kind is classified from the media interface type of the node (MEDIA_INTF_T_V4L_*); metadata nodes are video nodes. Held video and subdev nodes keep vimc's v4l2_device alive past the unbind, which hides the media device use-after-free (and shows a NULL dereference instead)."))
    var hold: String?

    @Option(help: "Threads hammering ioctls on the held handles before each unbind.")
    var hammer: Int = 0

    @Option(help: "Seconds the hammer threads run in each cycle.")
    var hammerSeconds: Double = 0.2

    @Flag(help: "Keep the hammers running through the unbind (races ioctls against it).")
    var hammerAcrossUnbind = false

    @Option(
        help: ArgumentHelp(
            "Park this ioctl inside the kernel with userfaultfd across the unbind: any ioctl of linux/media.h, "
                + "videodev2.h or v4l2-subdev.h, at its argument's copy-in (in, the default), its result's copy-out "
                + "(out) or an array it points to (inner: MEDIA_IOC_G_TOPOLOGY, MEDIA_IOC_ENUM_LINKS, VIDIOC_*_EXT_CTRLS, "
                + "VIDIOC_SUBDEV_*_ROUTING); out+dmabuf: QBUF, PREPARE_BUF or DQBUF's copy-out with DMABUF memory "
                + "(the node's own buffers exported with EXPBUF), "
                + "on the first node kind that takes it or on @KIND (VIDIOC_G_FMT:in@vbi). "
                + "Aliases: device-info, topology, video-fmt, subdev-fmt.",
            valueName: "NAME[:in|out|inner|out+dmabuf][@KIND]"))
    var pin: String?

    @Option(
        name: .customLong("file-op"),
        help: ArgumentHelp(
            "Hold or race a file operation across the unbind: read (a read() parked at the copy of a frame), mmap "
                + "(a buffer mapped before, touched after, unmapped last), open (threads open and close every node "
                + "through the unbind and the bind), request (a request held, closed last), request-queued (with a "
                + "capture buffer queued in it), request-poll (and a thread in poll() on it), m2m (a mem2mem context "
                + "streaming a buffer on each queue), dqbuf (a capture queue streaming, a thread blocked in DQBUF).",
            discussion: "Default --hold: what the operation needs (read, mmap, m2m, dqbuf: video; open: nothing; request: media; request-queued, request-poll: media,video).",
            valueName: "operation"))
    var fileOp: String?

    @Flag(help: "Stream from vimc's Raw Capture 0 across the unbind.")
    var stream = false

    @Flag(
        name: .customLong("no-udev-settle"),
        help: "Do not wait for udevd to handle the add events after bind: lets udev's v4l_id race the next unbind.")
    var noUdevSettle = false

    @Option(help: "Seed of the hammers' ioctl order.")
    var seed: UInt64 = 1

    @Flag(help: "Go on after a finding.")
    var keepGoing = false

    @Option(help: ArgumentHelp(
        "Seconds each cycle waits after the bind before it reads the kernel log.",
        discussion: "Default: 5 on a kernel with CONFIG_DEBUG_KOBJECT_RELEASE (it delays every kobject release by 1 to 4 s, so what a release touches shows only then), else 0."))
    var releaseWait: Double?

    @Option(help: ArgumentHelp(
        "Which of kmemleak's suspects after the cycles are findings: device, all or off.",
        discussion: "device (default): objects whose allocation ran through the media core, V4L2, vb2, the DVB core or the driver; all: every object kmemleak reports, of any code and age (the known-leak control); off: no scan, and the verdict names memory leaks as a blind spot."))
    var leaks: Leaks = .device

    @Option(help: "Output format: text, json or ktap.")
    var format: Format = .text

    @Option(help: "Also write the JSON report to this file ('-': standard output).")
    var report: String?


    /// Everything about the arguments alone, before any device is looked at.
    func validate() throws {
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard hammer >= 0, hammer <= 64 else { throw ValidationError("--hammer takes 0 to 64 threads") }
        if let duration, !(duration > 0 && duration.isFinite) {
            throw ValidationError("--duration must be a positive number of seconds")
        }
        guard hammerSeconds >= 0, hammerSeconds <= 3600 else {
            throw ValidationError("--hammer-seconds takes 0 to 3600 seconds")
        }
        _ = try holdKinds()
        _ = try pinnedIoctl()
        if try fileOperation() != nil, pin != nil {
            throw ValidationError("--file-op and --pin each park a system call across the unbind: give one of them")
        }
        if let releaseWait, !(releaseWait >= 0 && releaseWait <= 600) {
            throw ValidationError("--release-wait takes 0 to 600 seconds")
        }
        if let report { try Self.checkWritable(report, option: "--report") }
    }

    /// `--pin`, parsed: one line naming what is wrong.
    func pinnedIoctl() throws -> PinnedIoctl? {
        guard let pin else { return nil }
        do {
            return try PinnedIoctl.parse(pin)
        } catch {
            throw ValidationError("--pin \(error.message)")
        }
    }

    /// `--file-op`, parsed: one line naming what is wrong.
    func fileOperation() throws -> FileOperation? {
        guard let fileOp else { return nil }
        switch FileOperation.parse(fileOp) {
        case .success(let operation): return operation
        case .failure(let error): throw ValidationError("--file-op \(error.message)")
        }
    }

    /// A file we will write at the end must be writable now: the run unbinds devices.
    static func checkWritable(_ path: String, option: String) throws {
        guard path != "-" else { return }  // standard output
        if access(path, F_OK) == 0 {
            guard access(path, W_OK) == 0 else {
                throw ValidationError("\(option) \(path): \(String(cString: strerror(errno))), cannot write it")
            }
            return
        }
        var directory = "."
        if let slash = path.lastIndex(of: "/") { directory = slash == path.startIndex ? "/" : String(path[..<slash]) }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw ValidationError("\(option) \(path): \(String(cString: strerror(errno))) (cannot create files in \(directory))")
        }
    }

    func holdKinds() throws -> [NodeKind] {
        guard let hold else {
            if let operation = try fileOperation() { return operation.hold }
            return try pinnedIoctl().map { [$0.nodeKind] } ?? NodeKind.defaultHold
        }
        return try hold.split(separator: ",").map {
            guard let kind = NodeKind(rawValue: String($0)) else {
                let kinds = NodeKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--hold: unknown node kind '\($0)' (use \(kinds))")
            }
            return kind
        }
    }

    func run() throws {
        let configuration = StressConfiguration(
            cycles: cycles, duration: duration, hold: try holdKinds(), hammerThreads: hammer,
            hammerSeconds: hammerSeconds, hammerAcrossUnbind: hammerAcrossUnbind, pin: try pinnedIoctl(),
            fileOperation: try fileOperation(), stream: stream, seed: seed,
            keepGoing: keepGoing, settleUdev: !noUdevSettle, releaseWait: releaseWait)
        let session = try StressSession.open(options, configuration)
        let engine = session.engine(configuration)
        let renderer = StressReportRenderer()
        if format == .text {
            engine.onCycle = { cycle in
                writeStandardOutput(renderer.progressLine(cycle, of: duration == nil ? cycles : nil) + "\n")
            }
        }
        var result = engine.run(environment: session.environment(settleUdev: !noUdevSettle))
        session.scanLeaks(&result, scope: LeakScope(rawValue: leaks.rawValue) ?? .device, cyclesEnded: MonotonicClock.now)
        session.close()
        result.otherUser = session.otherUser?.description
        result.recovered = session.recovered.isEmpty ? nil : session.recovered
        let json = try JSONRenderer().renderValue(result)
        switch format {
        case .text:
            // The progress lines were printed as the cycles ended.
            writeStandardOutput(renderer.summary(result))
        case .json: writeStandardOutput(json)
        case .ktap: writeStandardOutput(renderer.ktap(result))
        }
        if let report {
            try writeFile(report, json)
        }
        if result.exitCode != 0 { throw CommandFailure(message: "", exitCode: result.exitCode) }
    }
}

/// `mediactl stress recover`: binds again what killed stress runs left unbound.
struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Bind again the devices that killed stress runs left unbound (journals in /run/mediactl).",
        discussion: "Every mediactl stress run does this first. Exit codes: 0 nothing left unbound; 3 a bind failed.")

    func run() throws {
        guard geteuid() == 0 else { throw CommandFailure(message: "stress recover: must run as root", exitCode: ExitStatus.usage) }
        let results = StressRecovery.run()
        for result in results {
            if let line = result.line { writeStandardOutput(line + "\n") }
        }
        let failed = results.contains { if case .failed = $0.outcome { true } else { false } }
        if failed { throw CommandFailure(message: "", exitCode: ExitStatus.deviceLost) }
        if !results.contains(where: { $0.outcome == .rebound }) { writeStandardOutput("nothing to recover\n") }
    }
}

/// Writes a whole file, replacing it; `-` is standard output.
func writeFile(_ path: String, _ contents: String) throws {
    do {
        try TextFile.write(contents, to: path)
    } catch {
        throw CommandFailure(message: "cannot write \(path): \(error)", exitCode: ExitStatus.system)
    }
}

