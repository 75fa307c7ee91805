import Glibc
package import KernelLog
package import MediaController
import SystemPackage

/// What a run that unbinds a device is allowed to do: `-d`, `--allow-driver`, `--force` and
/// `--wait-lock` of the stress commands.
package struct StressAccess: Sendable {
    /// What `-d` named (nil: the first media device).
    package var device: String?
    /// Drivers allowed besides the kernel's test drivers.
    package var allowedDrivers: [String]
    /// Run where kernel.panic_on_oops is 1 or another program holds the media node's lock.
    package var force: Bool
    /// Wait for another stress run on the same device instead of refusing.
    package var waitLock: Bool
    /// Switch on for the run what the kernel has but does not use (KFENCE's sampling).
    package var armDetectors: Bool

    package init(
        device: String?, allowedDrivers: [String] = [], force: Bool = false, waitLock: Bool = false,
        armDetectors: Bool = true
    ) {
        self.device = device
        self.allowedDrivers = allowedDrivers
        self.force = force
        self.waitLock = waitLock
        self.armDetectors = armDetectors
    }
}

/// What a stress run holds from its start to its end: the target, the device's lock and
/// journal (what to bind again if the run is killed), the stop signals (which bind the
/// device again), and the kernel log.
package final class StressSession {
    package let target: StressTarget
    package let journal: StressJournal
    package let signals: StopSignals
    package let kernelLog: KmsgReader
    package let otherUser: MediaNodeLock.Holder?
    /// Other processes holding a node of the device (`--force` let the run go on).
    package let otherHolders: NodeHolderScan
    /// What killed runs had left unbound and this one bound again first, a line each.
    package let recovered: [String]
    package let enumerator: any MediaNodeEnumerating
    package let devnodes: any DevnodeResolving
    /// The kernel's bug detectors as they are for the run (after arming).
    package let detectors: KernelDetectors
    let arming: DetectorArming

    private init(
        target: StressTarget, journal: StressJournal, signals: StopSignals, kernelLog: KmsgReader,
        otherUser: MediaNodeLock.Holder?, otherHolders: NodeHolderScan, recovered: [String],
        enumerator: any MediaNodeEnumerating, devnodes: any DevnodeResolving, detectors: KernelDetectors,
        arming: DetectorArming
    ) {
        self.target = target
        self.journal = journal
        self.signals = signals
        self.kernelLog = kernelLog
        self.otherUser = otherUser
        self.otherHolders = otherHolders
        self.recovered = recovered
        self.enumerator = enumerator
        self.devnodes = devnodes
        self.detectors = detectors
        self.arming = arming
    }

    /// Recovers what killed runs left unbound, finds the device `access` names, checks it may
    /// be unbound (`configuration`), takes its lock and writes the journal (`command`: the
    /// command line it records). `notice` gets the lines a user should see as they happen:
    /// what was recovered, what the run waits for.
    package static func open(
        _ access: StressAccess, _ configuration: StressConfiguration, command: String,
        notice: (String) -> Void
    ) throws(MediaError) -> StressSession {
        let enumerator = defaultEnumerator()
        let devnodes = defaultDevnodeResolver()
        let recovered = geteuid() == 0 ? StressRecovery.run().compactMap(\.line) : []
        for line in recovered { notice(line) }
        let start = SessionStart(
            access: access, configuration: configuration, enumerator: enumerator, devnodes: devnodes)
        var (target, otherUser) = try start.resolveTarget(notice: notice)
        // What the kernel can see, read before anything is locked or changed: a config that
        // cannot be read whole is one line here.
        var facts = try KernelFacts.read(release: Preflight.kernelRelease, commandLine: Preflight.kernelCommandLine)
        var waited = false
        let name = target.deviceName
        let journal = try StressJournal.acquire(deviceName: name, wait: access.waitLock) { holder in
            waited = true
            notice("waiting for mediactl stress (\(holder?.owner ?? "pid unknown")) to release \(name)")
        }.journal
        if waited {
            // The other run bound the device again meanwhile: its instances are renumbered,
            // and another program may have locked it. Look again, holding the lock now.
            (target, otherUser) = try start.resolveTarget(notice: notice)
            guard target.deviceName == name else {
                throw MediaError(
                    code: .deviceBusy, path: target.mediaNode, operation: "stress unbind",
                    detail: "after waiting for \(name), '-d' now names \(target.deviceName); run again")
            }
        }
        // Other programs with a node open (fuser's view): refused before anything is changed.
        let otherHolders = try start.otherHolders(target)
        try journal.record(
            StressJournal.Entry(
                pid: getpid(), started: utcTimestamp(), deviceName: target.deviceName, driver: target.driver,
                driverSysPath: target.driverSysPath, command: command))
        let binding = SysfsBinding(target: target)
        let arming = access.armDetectors ? DetectorArming.arm(&facts) : .none
        var detectors = KernelDetectors(facts)
        detectors.armed = arming.notes
        let signals: StopSignals
        let kernelLog: KmsgReader
        do throws(MediaError) {
            signals = try StopSignals {
                try? binding.ensureBound()
                arming.restore()
            }
            do {
                kernelLog = try KmsgReader()
            } catch {
                throw MediaError(code: .kernelLogUnavailable, operation: "cannot read the kernel log", detail: "\(error)")
            }
        } catch {
            arming.restore()
            journal.clear()
            throw error
        }
        return StressSession(
            target: target, journal: journal, signals: signals, kernelLog: kernelLog, otherUser: otherUser,
            otherHolders: otherHolders, recovered: recovered, enumerator: enumerator, devnodes: devnodes, detectors: detectors, arming: arming)
    }

    /// What the report says of the machine.
    package func environment(settleUdev: Bool) -> StressEnvironment {
        var environment = Preflight.environment(
            enumerator: enumerator.mechanism, waiting: NodeWaiter(timeout: 0, settleUdev: settleUdev).mechanism,
            detectors: detectors)
        environment.nodeHolders = otherHolders.holders
        environment.unreadableProcesses = otherHolders.unreadable
        return environment
    }

    /// An engine on this session's target, signals and kernel log.
    package func engine(_ configuration: StressConfiguration, target: StressTarget? = nil) -> StressEngine {
        StressEngine(
            configuration: configuration, target: target ?? self.target, enumerator: enumerator,
            devnodes: devnodes, signals: signals, kernelLog: kernelLog)
    }

    /// Ends the run: what was armed is put back; the journal is emptied when the device is
    /// bound (else the next run binds it).
    package func close() {
        arming.restore()
        if SysfsBinding(target: target).isBound { journal.clear() }
    }
}

/// Now as `2026-11-30T15:04:05Z`.
package func utcTimestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
