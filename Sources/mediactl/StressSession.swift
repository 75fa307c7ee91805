import ArgumentParser
import MediaController
import MediaStress

/// The options of every stress command that unbinds a device.
struct StressAccessOptions: ParsableArguments {
    @OptionGroup var device: DeviceOptions

    @Option(help: "Allow unbinding a driver other than the test drivers vimc, vivid, vim2m, vicodec, visl and vidtv (repeatable).")
    var allowDriver: [String] = []

    @Flag(help: "Run even where kernel.panic_on_oops is 1, where another program holds the media node's lock, or where another process has a node of the device open.")
    var force = false

    @Flag(help: "Wait for another mediactl stress run on the same device to end instead of refusing.")
    var waitLock = false

    @Flag(help: "Leave the kernel's bug detectors as they are: do not switch KFENCE's sampling on for the run (it is put back after it).")
    var leaveDetectors = false

    @Flag(help: ArgumentHelp(
        "Unplug a USB device instead of unbinding its driver: write 0, then 1, to its authorized attribute (a cable pull).",
        discussion: "The device comes back with a new USB device number and new /dev numbers; the run follows it by its bus path and bus info. A device not on USB is refused (exit 2)."))
    var unplug = false

    @Option(
        name: .customLong("await-unplug"), help: ArgumentHelp(
            "Disconnect nothing: each cycle waits, at most SECONDS each way, for somebody else to disconnect the device and connect it again.",
            discussion: "A cable pulled by hand, a switched hub port, or the emulated camera's own disconnection (mediactl-usbcam attach --vanish-every). The device must come back under the same bus path. Not with --unplug.",
            valueName: "SECONDS"))
    var awaitUnplug: Double?

    func validate() throws {
        if unplug && awaitUnplug != nil {
            throw ValidationError("--unplug disconnects the device, --await-unplug waits for somebody else to: give one of them")
        }
        if let awaitUnplug, !(awaitUnplug > 0 && awaitUnplug <= 86_400) {
            throw ValidationError("--await-unplug must be more than 0 and at most 86400 seconds (got \(awaitUnplug))")
        }
    }

    /// What a sweep's reproduction lines repeat of these options: how the device is taken.
    var reproductionArguments: String? {
        let words = allowDriver.flatMap { ["--allow-driver", $0] } + (unplug ? ["--unplug"] : [])
            + (awaitUnplug.map { ["--await-unplug", "\($0)"] } ?? [])
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    var access: StressAccess {
        StressAccess(
            device: device.device, allowedDrivers: allowDriver, force: force, waitLock: waitLock,
            armDetectors: !leaveDetectors, unplug: unplug, awaitUnplug: awaitUnplug)
    }
}

extension StressSession {
    /// The session of a stress command: its notices on stderr, its failure as the
    /// documented exit code.
    static func open(_ options: StressAccessOptions, _ configuration: StressConfiguration) throws -> StressSession {
        do throws(MediaError) {
            return try open(
                options.access, configuration, command: CommandLine.arguments.joined(separator: " "),
                notice: { printError("mediactl: \($0)") })
        } catch {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.code(for: error))
        }
    }
}
