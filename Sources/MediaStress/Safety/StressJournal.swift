import Glibc
package import MediaController
import SystemPackage

/// One file per bound device under `/run/mediactl` (`vimc.0.stress`): an exclusive flock
/// while a stress run owns the device, and in it a journal (pid, start, command, driver,
/// bind path) while the device may be unbound. The kernel drops a flock with its process,
/// so a run killed by SIGKILL leaves a journal behind an unlocked file: the next
/// `mediactl stress` (or `mediactl stress recover`) binds the device again.
package final class StressJournal {
    /// What a run writes before it unbinds.
    package struct Entry: Sendable, Equatable {
        package var pid: Int32
        package var started: String
        package var deviceName: String
        package var driver: String
        package var driverSysPath: String
        /// `--unplug`: the USB device's `authorized` file, which recovery writes 1 to.
        package var unplugPath: String?
        /// `--await-unplug`: somebody else disconnected the device; recovery binds nothing.
        package var awaited: Bool
        package var command: String

        package init(
            pid: Int32, started: String, deviceName: String, driver: String, driverSysPath: String, command: String,
            unplugPath: String? = nil, awaited: Bool = false
        ) {
            self.unplugPath = unplugPath
            self.awaited = awaited
            self.pid = pid
            self.started = started
            self.deviceName = deviceName
            self.driver = driver
            self.driverSysPath = driverSysPath
            self.command = command
        }

        var text: String {
            "pid=\(pid)\nstarted=\(started)\ndevice=\(deviceName)\ndriver=\(driver)\n"
                + "driver-path=\(driverSysPath)\n" + (unplugPath.map { "unplug-path=\($0)\n" } ?? "")
                + (awaited ? "disconnection=awaited\n" : "") + "command=\(command)\n"
        }

        /// The entry of a journal's text; nil for an empty or foreign file.
        static func parse(_ text: String) -> Entry? {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            guard let pid = fields["pid"].flatMap({ Int32($0) }), let device = fields["device"],
                let driverPath = fields["driver-path"], driverPath.hasPrefix("/")
            else { return nil }
            return Entry(
                pid: pid, started: fields["started"] ?? "?", deviceName: device, driver: fields["driver"] ?? "?",
                driverSysPath: driverPath, command: fields["command"] ?? "",
                unplugPath: fields["unplug-path"].flatMap { $0.hasPrefix("/sys/") && $0.hasSuffix("/authorized") ? $0 : nil },
                awaited: fields["disconnection"] == "awaited")
        }

        /// What recovery binds again: the driver's `bind`, or 1 to the `authorized` file.
        package var binding: SysfsBinding {
            SysfsBinding(
                deviceName: deviceName, driverSysPath: driverSysPath,
                disconnection: awaited ? .awaited(seconds: 0) : unplugPath.map { .authorized(path: $0) } ?? .unbind)
        }

        /// "pid 123, started 2026-11-30T15:00:00Z".
        package var owner: String { "pid \(pid), started \(started)" }
    }

    /// Where a run keeps its journal: `/run/mediactl`, or `MEDIACTL_RUN_DIR` (for a test of the
    /// binary). Library code takes the directory as a parameter, whose default this is: a test
    /// passes its own instead of changing the environment of every test in its process.
    package static var defaultDirectory: String {
        getenv("MEDIACTL_RUN_DIR").map { String(cString: $0) } ?? "/run/mediactl"
    }

    package let deviceName: String
    /// The directory of the journal file.
    package let directory: String
    private let owner: OwnedDescriptor
    private var descriptor: FileDescriptor { owner.fd }

    private init(deviceName: String, directory: String, owner: consuming OwnedDescriptor) {
        self.deviceName = deviceName
        self.directory = directory
        self.owner = owner
    }

    package static func path(for deviceName: String, in directory: String) -> String {
        "\(directory)/\(deviceName).stress"
    }

    /// Takes the device's lock. Without `wait`, throws `deviceBusy` naming the run that holds
    /// it; with `wait`, calls `waiting` once and blocks until that run ends. What an earlier,
    /// killed run left in the file is returned for recovery.
    package static func acquire(
        deviceName: String, in directory: String = defaultDirectory, wait: Bool, waiting: (Entry?) -> Void = { _ in }
    ) throws(MediaError) -> (journal: StressJournal, abandoned: Entry?) {
        let owned = try open(path(for: deviceName, in: directory), create: true)
        let descriptor = owned.fd
        // A lock held over an empty journal, or over one whose run is dead, is a brief look
        // (recovery, `list`), not a run.
        func briefLook() -> Bool {
            guard let entry = Entry.parse(read(descriptor)) else { return true }
            return kill(entry.pid, 0) != 0 && errno == ESRCH
        }
        var attempts = 0
        while !tryLock(descriptor, LOCK_EX), briefLook(), attempts < 40 {
            attempts += 1
            usleep(25_000)
        }
        if !tryLock(descriptor, LOCK_EX) {
            let holder = Entry.parse(read(descriptor))
            guard wait else { throw busy(deviceName, holder) }
            waiting(holder)
            while flock(descriptor.rawValue, LOCK_EX) != 0 && errno == EINTR {}
        }
        let abandoned = Entry.parse(read(descriptor))
        return (StressJournal(deviceName: deviceName, directory: directory, owner: owned), abandoned)
    }

    /// flock without waiting; true when locked, or when this kernel has no file locking
    /// (CONFIG_FILE_LOCKING off, as in tinyconfig builds: nobody else can lock either).
    static func tryLock(_ descriptor: FileDescriptor, _ operation: Int32) -> Bool {
        if flock(descriptor.rawValue, operation | LOCK_NB) == 0 { return true }
        return errno == ENOSYS || errno == EINVAL
    }

    /// Writes the journal: from now on the device may be unbound.
    package func record(_ entry: Entry) throws(MediaError) {
        do {
            try descriptor.resize(to: 0)
            _ = try descriptor.writeAll(toAbsoluteOffset: 0, entry.text.utf8)
        } catch {
            throw MediaError(code: .sysfsFailed, errno: error as? Errno, path: Self.path(for: deviceName, in: directory), operation: "write journal")
        }
    }

    /// Empties the journal: the device is bound again.
    package func clear() {
        try? descriptor.resize(to: 0)
    }

    /// The error for a device another run holds.
    static func busy(_ deviceName: String, _ holder: Entry?) -> MediaError {
        MediaError(
            code: .deviceBusy, operation: "stress unbind",
            detail: "another mediactl stress (\(holder?.owner ?? "pid unknown")) holds \(deviceName); "
                + "wait for it, or pass --wait-lock")
    }

    static func open(_ path: String, create: Bool) throws(MediaError) -> OwnedDescriptor {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if create { mkdir(directory, 0o755) }
        do {
            return OwnedDescriptor(adopting: try FileDescriptor.open(
                path, .readWrite, options: create ? [.create, .closeOnExec] : [.closeOnExec], permissions: [.ownerReadWrite]))
        } catch {
            throw MediaError(
                code: .openFailed, errno: error as? Errno, path: path, operation: "open",
                detail: "the stress lock and journal live in \(directory) (root only)")
        }
    }

    static func read(_ descriptor: FileDescriptor) -> String {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { (try? descriptor.read(fromAbsoluteOffset: 0, into: $0)) ?? 0 }
        return String(decoding: bytes.prefix(count), as: UTF8.self)
    }
}
