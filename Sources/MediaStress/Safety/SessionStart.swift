import MediaController
import SystemPackage

/// Finding the target of a session and checking it, retried while another run has it unbound.
struct SessionStart {
    let access: StressAccess
    let configuration: StressConfiguration
    let enumerator: any MediaNodeEnumerating
    let devnodes: any DevnodeResolving

    /// Preflight for the target, with the lock of every media device under its bound
    /// device: unbinding it removes them all (several instances of one driver).
    func preflight(_ target: StressTarget) throws(MediaError) -> MediaNodeLock.Holder? {
        try Preflight.check(target: target, configuration: configuration, access: access, mediaNodes: siblings(of: target))
    }

    /// The media nodes under the target's bound device (its own among them).
    func siblings(of target: StressTarget) -> [String] {
        (try? enumerator.mediaNodes())?.filter { $0.parentName == target.deviceName }.map(\.devnode) ?? []
    }

    /// The device `-d` names, and its preflight. A live stress run unbinds and binds its
    /// device many times a second, so while one runs, the device `-d` names (or one of its
    /// nodes) may vanish between being found and being opened, and be back a moment later:
    /// such a failure says so and names the run instead, or waits for it with --wait-lock and
    /// looks again. Which device the run holds does not matter: `-d vimc` may mean it.
    func resolveTarget(notice: (String) -> Void) throws(MediaError) -> (StressTarget, MediaNodeLock.Holder?) {
        while true {
            do throws(MediaError) {
                let target = try StressTarget.resolve(
                    mediaNode: try DeviceSelector.live().resolve(access.device), enumerator: enumerator, devnodes: devnodes)
                return (target, try preflight(target))
            } catch {
                guard Self.vanished(error), let holder = StressRecovery.liveRuns().first else { throw error }
                guard access.waitLock else {
                    throw MediaError(
                        code: .deviceBusy, operation: "stress unbind",
                        detail: "\(error.description); another mediactl stress (\(holder.owner)) holds "
                            + "\(holder.deviceName) and may have had it unbound at that moment: wait for it, or pass --wait-lock")
                }
                notice("waiting for mediactl stress (\(holder.owner)) to release \(holder.deviceName)")
                _ = try StressJournal.acquire(deviceName: holder.deviceName, wait: true)
            }
        }
    }

    /// A failure that a device unbound by someone else explains: it, or a node of it, is gone;
    /// or a media ioctl on a node opened a moment before answers EIO, which the media core
    /// gives once the device is unregistered (media_devnode.c).
    static func vanished(_ error: MediaError) -> Bool {
        switch error.code {
        case .deviceNotFound, .noMediaDevices: true
        case .openFailed, .ioctlFailed, .sysfsFailed:
            error.errno.map { [Errno.noSuchFileOrDirectory, .operationNotSupportedByDevice, .noSuchAddressOrDevice].contains($0) } ?? false
                || (error.code == .ioctlFailed && error.operation.hasPrefix("MEDIA_IOC_") && error.errno == .ioError)
        default: false
        }
    }
}
