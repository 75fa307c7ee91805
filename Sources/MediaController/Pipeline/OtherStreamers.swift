import SystemPackage

/// Other programs streaming on a media device, which `link`, `format` and `apply` do not
/// change from under them: a process (not this one) that holds a video node of the device
/// open while that node's buffer queue belongs to another file handle (`VideoQueueProbe`).
/// A program that only has a node open (a viewer between streams, udev's `v4l_id`) is
/// no streamer. Looking changes nothing: /proc is read, and the probe is REQBUFS 0 on a
/// handle of our own.
package struct OtherStreamers: Sendable {
    /// The holders of the busy video nodes, each with those nodes only.
    package var holders: [NodeHolder]

    package init(holders: [NodeHolder]) {
        self.holders = holders
    }

    package var isEmpty: Bool { holders.isEmpty }

    /// The holders of `nodes`' video nodes, kept when the node they hold is busy. `probe`
    /// is asked once per video node another process holds; a node that refuses a second
    /// open (EBUSY: a driver with exclusive open) counts as busy.
    package static func find(
        among nodes: [DeviceNode], processes: ProcessScan = ProcessScan(),
        probe: (String) throws(MediaError) -> VideoQueueProbe.State = VideoQueueProbe.state
    ) throws(MediaError) -> OtherStreamers {
        let scan = try processes.holders(of: nodes.filter(\.isVideo))
        var busy: Set<String> = []
        for path in Set(scan.holders.flatMap { $0.nodes.map(\.path) }) {
            do throws(MediaError) {
                if try probe(path) == .busy { busy.insert(path) }
            } catch where error.code == .openFailed && error.errno == .resourceBusy {
                busy.insert(path)
            }
        }
        return OtherStreamers(
            holders: scan.holders.compactMap { holder in
                var holder = holder
                holder.nodes.removeAll { !busy.contains($0.path) }
                return holder.nodes.isEmpty ? nil : holder
            })
    }

    /// `pid 812 (v4l2-ctl --stream-mmap) on /dev/video2`, `; ` between holders.
    package var summary: String { NodeHolderScan(holders: holders).summary }

    /// The one-line refusal of `command` on the media node at `path` (exit 2 in the CLI).
    package func refusal(_ command: String, path: String) -> MediaError {
        MediaError(
            code: .deviceBusy, path: path, operation: command,
            detail: "\(summary): another program streams there (the video node's buffer queue is another file "
                + "handle's); changing links or formats would pull the pipeline from under it; pass --force to change it anyway")
    }

    /// What `--force` prints before it goes on.
    package func forcedNotice(_ command: String) -> String {
        "\(command): \(summary) streams on the device; changing it anyway (--force)"
    }
}

extension MediaDevice {
    /// What `link`, `format` and `apply` check before they lock or change the device: a
    /// program holding the media node's lock (libcamera's convention) is refused, then one
    /// streaming on a video node of the device (`OtherStreamers`) unless `force`. Returns
    /// the streamers `force` lets the command go past (empty when there are none).
    package func checkOtherUsers(
        _ command: String, devnodes: any DevnodeResolving, force: Bool, processes: ProcessScan = ProcessScan()
    ) throws(MediaError) -> OtherStreamers {
        if let holder = try MediaNodeLock.holder(of: path) { throw MediaError.busy(path, holder) }
        let streamers = try OtherStreamers.find(among: try deviceNodes(devnodes: devnodes), processes: processes)
        if !streamers.isEmpty, !force { throw streamers.refusal(command, path: path) }
        return streamers
    }
}
