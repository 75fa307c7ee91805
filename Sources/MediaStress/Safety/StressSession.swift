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
    /// Disconnect the device's USB device (`authorized` 0, then 1) instead of unbinding the
    /// driver: a cable pull.
    package var unplug: Bool
    /// `--await-unplug`: unbind nothing; each cycle waits, at most this many seconds, for
    /// somebody else to disconnect the device and to connect it again.
    package var awaitUnplug: Double?

    package init(
        device: String?, allowedDrivers: [String] = [], force: Bool = false, waitLock: Bool = false,
        armDetectors: Bool = true, unplug: Bool = false, awaitUnplug: Double? = nil
    ) {
        self.device = device
        self.allowedDrivers = allowedDrivers
        self.force = force
        self.waitLock = waitLock
        self.armDetectors = armDetectors
        self.unplug = unplug
        self.awaitUnplug = awaitUnplug
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
    /// lib/kobject.c delays a release by 1 to 4 s (HZ + HZ * get_random_u32_below(4)): 5 s.
    static let releaseDelayWait = 5.0

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
        try Self.applyUnplug(access, to: &target)
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
            try Self.applyUnplug(access, to: &target)
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
                driverSysPath: target.driverSysPath, command: command, unplugPath: target.unplugPath,
                awaited: access.awaitUnplug != nil))
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

    /// `--unplug`: the target's USB device's `authorized` file, or one line (exit 2) when the
    /// device is not on USB; checked before anything is changed. `--await-unplug`: the
    /// disconnection is awaited (any bus: somebody else's unbind is awaited the same way).
    static func applyUnplug(_ access: StressAccess, to target: inout StressTarget) throws(MediaError) {
        if access.unplug && access.awaitUnplug != nil {
            throw MediaError(
                code: .invalidArgument, operation: "stress unbind",
                detail: "--unplug disconnects the device, --await-unplug waits for somebody else to: give one of them")
        }
        if let seconds = access.awaitUnplug {
            guard seconds > 0, seconds.isFinite else {
                throw MediaError(code: .invalidArgument, operation: "stress unbind --await-unplug", detail: "the seconds must be positive")
            }
            target.disconnection = .awaited(seconds: seconds)
            return
        }
        guard access.unplug else { return }
        guard let path = target.usbAuthorizedPath else {
            throw MediaError(
                code: .invalidArgument, path: target.deviceSysPath, operation: "stress unbind --unplug",
                detail: "\(target.deviceName) (driver \(target.driver)) is not a USB device: no authorized attribute above it")
        }
        target.disconnection = .authorized(path: path)
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
    /// A kernel that delays releases (CONFIG_DEBUG_KOBJECT_RELEASE) gets a wait of 5 s in each
    /// cycle unless the configuration names one.
    package func engine(_ configuration: StressConfiguration, target: StressTarget? = nil) -> StressEngine {
        var configuration = configuration
        if configuration.releaseWait == nil { configuration.releaseWait = detectors.delaysReleases ? Self.releaseDelayWait : 0 }
        return StressEngine(
            configuration: configuration, target: target ?? self.target, enumerator: enumerator,
            devnodes: devnodes, signals: signals, kernelLog: kernelLog)
    }

    /// kmemleak's scan after the cycles, into `report` (`--leaks`): its leaks become
    /// findings, and a run that could not scan is blind to leaks. `cyclesEnded`: when the
    /// engine returned (monotonic seconds).
    package func scanLeaks(_ report: inout StressReport, scope: LeakScope, cyclesEnded: Double) {
        guard scope != .off, report.verdict == .clean || report.verdict == .finding else {
            report.environment.detectors?.markBlind(
                "memory leaks", because: scope == .off ? "--leaks off" : "no scan: the run did not finish its cycles",
                remedy: "--leaks device (the default)")
            return
        }
        let kmemleak = detectors.detectors.first { $0.name == "kmemleak" }?.state ?? .unknown
        // No kmemleak (or unknown): the coverage already names leaks as a blind spot.
        guard kmemleak == .on else { return }
        let leaks = LeakScan(scope: scope, driver: target.driver).run(cyclesEnded: cyclesEnded, kmemleak: kmemleak)
        report.leaks = leaks
        if !leaks.scanned {
            report.environment.detectors?.markBlind(
                "memory leaks", because: "kmemleak could not scan: \(leaks.note ?? "?")",
                remedy: "run as root with debugfs mounted at /sys/kernel/debug")
        }
        for finding in leaks.findings { report.uniqueFindings.record(finding, cycle: nil) }
        if !leaks.findings.isEmpty { report.verdict = .finding }
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
