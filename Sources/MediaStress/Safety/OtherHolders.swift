package import MediaController

/// Other programs with a node of the device open, as `fuser` finds them: a streamer such
/// as `v4l2-ctl --stream-mmap` takes no lock (libcamera's convention, which `Preflight`
/// checks), yet unbinding pulls the device from under it. Checked before the first unbind
/// and before anything is changed; `--force` runs anyway and the report names them.
package enum OtherHolders {
    /// Refuses a run that `scan` found others holding the device in, unless `force`.
    package static func check(_ scan: NodeHolderScan, mediaNode: String, force: Bool) throws(MediaError) {
        guard !scan.holders.isEmpty, !force else { return }
        let count = scan.holders.count
        throw MediaError(
            code: .deviceBusy, path: mediaNode, operation: "stress unbind",
            detail: "\(scan.summary): \(count == 1 ? "another program has" : "\(count) other programs have") the device "
                + "open (without libcamera's lock): unbinding would pull it from under \(count == 1 ? "it" : "them"); "
                + "pass --force to unbind anyway")
    }

    /// Every node of the media devices at `mediaNodes` (the target's and its siblings':
    /// the unbind removes them all).
    static func nodes(of mediaNodes: [String], devnodes: any DevnodeResolving) throws(MediaError) -> [DeviceNode] {
        var nodes: [DeviceNode] = []
        for path in mediaNodes { nodes += try MediaDevice(path: path).deviceNodes(devnodes: devnodes) }
        return nodes
    }
}

extension SessionStart {
    /// The other holders of the target's nodes (two walks of /proc a moment apart: udev's
    /// helpers hold a new node for a moment), refused unless `--force`.
    func otherHolders(_ target: StressTarget, processes: ProcessScan = ProcessScan()) throws(MediaError) -> NodeHolderScan {
        let mediaNodes = [target.mediaNode] + siblings(of: target).filter { $0 != target.mediaNode }
        let scan = try processes.steadyHolders(of: try OtherHolders.nodes(of: mediaNodes, devnodes: devnodes))
        try OtherHolders.check(scan, mediaNode: target.mediaNode, force: access.force)
        return scan
    }
}
