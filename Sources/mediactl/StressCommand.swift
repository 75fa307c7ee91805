public import ArgumentParser
import Glibc
import MediaController
public import MediaStress

struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Stress-test media device lifetime.", subcommands: [UnbindCommand.self])
}

struct UnbindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unbind",
        abstract: "Hold file handles across sysfs unbind/bind of the driver, hammer ioctls, read the kernel log.",
        discussion: """
            Root only. Only vimc and vivid unless --allow-driver. The device is bound again on \
            every exit path (errors, SIGINT, SIGTERM).

            Exit codes: 0 clean; 1 a kernel splat or a contract deviation; 2 usage or setup \
            error; 3 the device did not come back after bind; 130 a second SIGINT/SIGTERM.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }

    @OptionGroup var device: DeviceOptions

    @Option(help: "Number of unbind/bind cycles.")
    var cycles: Int = 1

    @Option(help: "Run cycles for this many seconds instead of --cycles.")
    var duration: Double?

    @Option(help: ArgumentHelp(
        "Node kinds to hold open across the unbind: media,video,subdev.",
        discussion: "Default: all three; with --pin, only the pinned ioctl's kind. Held video and subdev nodes keep vimc's v4l2_device alive past the unbind, which hides the media device use-after-free (and shows a NULL dereference instead)."))
    var hold: String?

    @Option(help: "Threads hammering ioctls on the held handles before each unbind.")
    var hammer: Int = 0

    @Option(help: "Seconds the hammer threads run in each cycle.")
    var hammerSeconds: Double = 0.2

    @Flag(help: "Keep the hammers running through the unbind (races ioctls against it).")
    var hammerAcrossUnbind = false

    @Option(help: "Park this ioctl inside the kernel with userfaultfd across the unbind: device-info, topology, video-fmt, subdev-fmt.")
    var pin: StressConfiguration.PinnedIoctl?

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

    @Option(help: "Output format: text, json or ktap.")
    var format: Format = .text

    @Option(help: "Also write the JSON report to this file.")
    var report: String?

    @Option(help: "Allow unbinding a driver other than vimc and vivid (repeatable).")
    var allowDriver: [String] = []

    @Flag(help: "Run even where kernel.panic_on_oops is 1.")
    var force = false

    func validate() throws {
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard hammer >= 0, hammer <= 64 else { throw ValidationError("--hammer takes 0 to 64 threads") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        _ = try holdKinds()
    }

    func holdKinds() throws -> [StressConfiguration.NodeKind] {
        guard let hold else { return pin.map { [$0.nodeKind] } ?? StressConfiguration.NodeKind.allCases }
        return try hold.split(separator: ",").map {
            guard let kind = StressConfiguration.NodeKind(rawValue: String($0)) else {
                throw ValidationError("--hold: unknown node kind '\($0)' (use media, video, subdev)")
            }
            return kind
        }
    }

    func run() throws {
        let configuration = StressConfiguration(
            cycles: cycles, duration: duration, hold: try holdKinds(), hammerThreads: hammer,
            hammerSeconds: hammerSeconds, hammerAcrossUnbind: hammerAcrossUnbind, pin: pin, stream: stream, seed: seed,
            keepGoing: keepGoing, allowedDrivers: allowDriver, settleUdev: !noUdevSettle)
        let enumerator = defaultEnumerator()
        let devnodes = defaultDevnodeResolver()
        let target: StressTarget
        do throws(MediaError) {
            target = try StressTarget.resolve(mediaNode: try device.resolve(), enumerator: enumerator, devnodes: devnodes)
            try Preflight.check(target: target, configuration: configuration, force: force)
        } catch {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.usage)
        }
        let binding = SysfsBinding(target: target)
        let signals = SignalGuard { try? binding.ensureBound() }
        let kernelLog: KmsgReader
        do {
            kernelLog = try KmsgReader()
        } catch {
            throw CommandFailure(message: "cannot read the kernel log: \(error)", exitCode: ExitStatus.usage)
        }
        let engine = StressEngine(
            configuration: configuration, target: target, enumerator: enumerator, devnodes: devnodes,
            signals: signals, kernelLog: kernelLog)
        let renderer = StressReportRenderer()
        if format == .text {
            engine.onCycle = { cycle in
                writeStandardOutput(renderer.progressLine(cycle, of: duration == nil ? cycles : nil) + "\n")
            }
        }
        let result = engine.run(environment: Preflight.environment(enumerator: enumerator.mechanism, waiting: NodeWaiter(timeout: 0, settleUdev: !noUdevSettle).mechanism))
        let json = try JSONRenderer().renderValue(result)
        switch format {
        case .text:
            let text = renderer.text(result)
            // the progress lines were printed already; print the rest of the summary
            writeStandardOutput(
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("cycle ") }.joined(separator: "\n"))
        case .json: writeStandardOutput(json)
        case .ktap: writeStandardOutput(renderer.ktap(result))
        }
        if let report {
            try writeFile(report, json)
        }
        if result.exitCode != 0 { throw CommandFailure(message: "", exitCode: result.exitCode) }
    }
}

/// Writes a whole file, replacing it.
func writeFile(_ path: String, _ contents: String) throws {
    guard let file = fopen(path, "w") else {
        throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: ExitStatus.system)
    }
    defer { fclose(file) }
    fputs(contents, file)
}

extension StressConfiguration.PinnedIoctl: ExpressibleByArgument {}
