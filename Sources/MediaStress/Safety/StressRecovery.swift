import Glibc
import MediaController
import SystemPackage

/// Binds again the devices that stress runs killed mid-cycle (SIGKILL, the OOM killer, a
/// CI timeout) left unbound: every journal in a directory (`StressJournal.defaultDirectory`) whose run is gone.
package enum StressRecovery {
    package enum Outcome: Sendable, Equatable {
        /// The device was unbound and is bound again.
        case rebound
        /// The journal was stale; the device was bound already.
        case alreadyBound
        /// A live run holds the device (its journal is its own business).
        case inUse
        /// Binding failed.
        case failed(String)
        /// The run waited for somebody else's disconnection (`--await-unplug`): connecting
        /// the device again is theirs, nothing was written.
        case othersToConnect
    }

    package struct Result: Sendable, Equatable {
        package var entry: StressJournal.Entry
        package var outcome: Outcome

        /// The one line users see, or nil when there is nothing to say.
        package var line: String? {
            let run = "mediactl stress \(entry.owner)"
            switch outcome {
            case .rebound:
                return "recovered \(entry.deviceName): bound it to \(entry.driver) again (\(run) was killed, or lost the device, while it was unbound)"
            case .failed(let reason):
                return "cannot recover \(entry.deviceName), which \(run) left unbound: \(reason)"
            case .othersToConnect:
                return "not binding \(entry.deviceName): \(run) waited for somebody else to disconnect it (--await-unplug); connecting it again is theirs"
            case .alreadyBound, .inUse:
                return nil
            }
        }
    }

    /// Recovers every abandoned journal; journals of live runs are left alone.
    package static func run(in directory: String = StressJournal.defaultDirectory) -> [Result] {
        var results: [Result] = []
        forEachJournal(in: directory, lock: LOCK_EX) { entry, descriptor in
            guard let descriptor else {
                results.append(Result(entry: entry, outcome: .inUse))
                return
            }
            let binding = entry.binding
            var outcome = Outcome.alreadyBound
            if !binding.isBound, entry.awaited {
                outcome = .othersToConnect
            } else if !binding.isBound {
                do throws(MediaError) {
                    try binding.bind()
                    outcome = .rebound
                } catch {
                    outcome = .failed(error.description)
                }
            }
            if binding.isBound || entry.awaited { try? descriptor.resize(to: 0) }
            results.append(Result(entry: entry, outcome: outcome))
        }
        return results
    }

    /// Journals of runs that are gone while their device is unbound, without changing anything
    /// (for `list`'s warning).
    package static func abandonedUnbound(in directory: String = StressJournal.defaultDirectory) -> [StressJournal.Entry] {
        var entries: [StressJournal.Entry] = []
        forEachJournal(in: directory, lock: LOCK_SH) { entry, descriptor in
            if descriptor != nil, !entry.awaited, !entry.binding.isBound {
                entries.append(entry)
            }
        }
        return entries
    }

    /// The journals of live runs (a live run holds its journal locked from start to end),
    /// whether their device is bound at this moment or not: a run unbinds and binds its
    /// device many times a second, so a device that vanished a moment ago may be back now.
    package static func liveRuns(in directory: String = StressJournal.defaultDirectory) -> [StressJournal.Entry] {
        var entries: [StressJournal.Entry] = []
        forEachJournal(in: directory, lock: LOCK_SH) { entry, descriptor in
            if descriptor == nil { entries.append(entry) }
        }
        return entries
    }

    /// Calls `body` for each non-empty journal with the descriptor this process holds locked
    /// (`lock`: LOCK_EX or LOCK_SH) while `body` runs, or nil when a live run holds it. An empty
    /// journal is a bound device and is not locked at all, so no run starting now is refused.
    static func forEachJournal(in directory: String, lock: Int32, _ body: (StressJournal.Entry, FileDescriptor?) -> Void) {
        for deviceName in journalDevices(in: directory) {
            let owned: OwnedDescriptor
            do throws(MediaError) {
                owned = try StressJournal.open(StressJournal.path(for: deviceName, in: directory), create: false)
            } catch { continue }
            let descriptor = owned.fd
            guard let entry = StressJournal.Entry.parse(StressJournal.read(descriptor)) else { continue }
            body(entry, StressJournal.tryLock(descriptor, lock) ? descriptor : nil)
        }
    }

    /// The device names of the journal files, sorted.
    static func journalDevices(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".stress") { names.append(String(name.dropLast(".stress".count))) }
        }
        return names.sorted()
    }
}
