import MediaController

extension StressEnvironment {
    /// The report's line on other holders, nil when none were seen and none were unreadable:
    /// `other holders: pid 812 (v4l2-ctl --stream-mmap) on /dev/video2; unbound anyway (--force)`.
    package var otherHoldersLine: String? {
        let scan = NodeHolderScan(holders: nodeHolders ?? [], unreadable: unreadableProcesses ?? 0)
        if !scan.holders.isEmpty { return "other holders: \(scan.summary); unbound anyway (--force)\(scan.unreadableNote)" }
        return scan.unreadable == 0 ? nil : "other holders: none seen\(scan.unreadableNote)"
    }
}
