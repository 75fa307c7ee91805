import ArgumentParser
import Glibc
import KernelLog
import MediaController
import MediaStress
import SystemPackage

/// The options of every stress command that unbinds a device.
struct StressAccessOptions: ParsableArguments {
    @OptionGroup var device: DeviceOptions

    @Option(help: "Allow unbinding a driver other than the test drivers vimc, vivid, vim2m, vicodec, visl and vidtv (repeatable).")
    var allowDriver: [String] = []

    @Flag(help: "Run even where kernel.panic_on_oops is 1, or where another program holds the media node's lock.")
    var force = false

    @Flag(help: "Wait for another mediactl stress run on the same device to end instead of refusing.")
    var waitLock = false
}

/// What a stress run holds from its start to its end: the target, the device's lock and
/// journal (what to bind again if the run is killed), the stop signals (which bind the
/// device again), and the kernel log.
final class StressSession {
    let target: StressTarget
    let journal: StressJournal
    let signals: StopSignals
    let kernelLog: KmsgReader
    let otherUser: MediaNodeLock.Holder?
    let recovered: [String]
    let enumerator: any MediaNodeEnumerating
    let devnodes: any DevnodeResolving

    private init(
        target: StressTarget, journal: StressJournal, signals: StopSignals, kernelLog: KmsgReader,
        otherUser: MediaNodeLock.Holder?, recovered: [String], enumerator: any MediaNodeEnumerating,
        devnodes: any DevnodeResolving
    ) {
        self.target = target
        self.journal = journal
        self.signals = signals
        self.kernelLog = kernelLog
        self.otherUser = otherUser
        self.recovered = recovered
        self.enumerator = enumerator
        self.devnodes = devnodes
    }

    /// Recovers what killed runs left unbound, finds the device `-d` names, checks it may
    /// be unbound (`configuration`), takes its lock and writes the journal.
    static func open(_ access: StressAccessOptions, _ configuration: StressConfiguration) throws -> StressSession {
        let enumerator = defaultEnumerator()
        let devnodes = defaultDevnodeResolver()
        let recovered = geteuid() == 0 ? RecoverCommand.recoverAll() : []
        let start = Start(access: access, configuration: configuration, enumerator: enumerator, devnodes: devnodes)
        var target: StressTarget
        var otherUser: MediaNodeLock.Holder?
        let journal: StressJournal
        do throws(MediaError) {
            (target, otherUser) = try start.resolveTarget()
            var waited = false
            let name = target.deviceName
            journal = try StressJournal.acquire(deviceName: name, wait: access.waitLock) { holder in
                waited = true
                printError("mediactl: waiting for mediactl stress (\(holder?.owner ?? "pid unknown")) to release \(name)")
            }.journal
            if waited {
                // The other run bound the device again meanwhile: its instances are renumbered,
                // and another program may have locked it. Look again, holding the lock now.
                (target, otherUser) = try start.resolveTarget()
                guard target.deviceName == name else {
                    throw MediaError(
                        code: .deviceBusy, path: target.mediaNode, operation: "stress unbind",
                        detail: "after waiting for \(name), '-d' now names \(target.deviceName); run again")
                }
            }
            try journal.record(
                StressJournal.Entry(
                    pid: getpid(), started: utcTimestamp(), deviceName: target.deviceName, driver: target.driver,
                    driverSysPath: target.driverSysPath, command: CommandLine.arguments.joined(separator: " ")))
        } catch {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.code(for: error))
        }
        let binding = SysfsBinding(target: target)
        let signals: StopSignals
        do throws(MediaError) {
            signals = try StopSignals { try? binding.ensureBound() }
        } catch {
            journal.clear()
            throw CommandFailure(message: error.description, exitCode: ExitStatus.code(for: error))
        }
        let kernelLog: KmsgReader
        do {
            kernelLog = try KmsgReader()
        } catch {
            journal.clear()
            throw CommandFailure(message: "cannot read the kernel log: \(error)", exitCode: ExitStatus.usage)
        }
        return StressSession(
            target: target, journal: journal, signals: signals, kernelLog: kernelLog, otherUser: otherUser,
            recovered: recovered, enumerator: enumerator, devnodes: devnodes)
    }

    /// What the report says of the machine.
    func environment(settleUdev: Bool) -> StressEnvironment {
        Preflight.environment(
            enumerator: enumerator.mechanism, waiting: NodeWaiter(timeout: 0, settleUdev: settleUdev).mechanism)
    }

    /// Ends the run: the journal is emptied when the device is bound (else the next run binds it).
    func close() {
        if SysfsBinding(target: target).isBound { journal.clear() }
    }

    /// Finding the target and checking it, retried while another run has it unbound.
    private struct Start {
        let access: StressAccessOptions
        let configuration: StressConfiguration
        let enumerator: any MediaNodeEnumerating
        let devnodes: any DevnodeResolving

        /// Preflight for the target, with the lock of every media device under its bound
        /// device: unbinding it removes them all (several instances of one driver).
        func preflight(_ target: StressTarget) throws(MediaError) -> MediaNodeLock.Holder? {
            let siblings = (try? enumerator.mediaNodes())?.filter { $0.parentName == target.deviceName }.map(\.devnode) ?? []
            return try Preflight.check(target: target, configuration: configuration, force: access.force, mediaNodes: siblings)
        }

        /// The device `-d` names, and its preflight. A live stress run unbinds and binds its
        /// device many times a second, so while one runs, the device `-d` names (or one of its
        /// nodes) may vanish between being found and being opened, and be back a moment later:
        /// such a failure says so and names the run instead, or waits for it with --wait-lock and
        /// looks again. Which device the run holds does not matter: `-d vimc` may mean it.
        func resolveTarget() throws(MediaError) -> (StressTarget, MediaNodeLock.Holder?) {
            while true {
                do throws(MediaError) {
                    let target = try StressTarget.resolve(
                        mediaNode: try access.device.resolve(), enumerator: enumerator, devnodes: devnodes)
                    return (target, try preflight(target))
                } catch {
                    guard Self.vanished(error), let holder = StressRecovery.liveRuns().first else { throw error }
                    guard access.waitLock else {
                        throw MediaError(
                            code: .deviceBusy, operation: "stress unbind",
                            detail: "\(error.description); another mediactl stress (\(holder.owner)) holds "
                                + "\(holder.deviceName) and may have had it unbound at that moment: wait for it, or pass --wait-lock")
                    }
                    printError("mediactl: waiting for mediactl stress (\(holder.owner)) to release \(holder.deviceName)")
                    _ = try StressJournal.acquire(deviceName: holder.deviceName, wait: true)
                }
            }
        }

        /// A failure that a device unbound by someone else explains: it, or a node of it, is gone.
        static func vanished(_ error: MediaError) -> Bool {
            switch error.code {
            case .deviceNotFound, .noMediaDevices: true
            case .openFailed, .ioctlFailed, .sysfsFailed:
                error.errno.map { [Errno.noSuchFileOrDirectory, .operationNotSupportedByDevice, .noSuchAddressOrDevice].contains($0) } ?? false
            default: false
            }
        }
    }
}
