import Glibc

/// One cell of `mediactl stress sweep`: an ioctl parked at one of its park points on the
/// first node kind that takes it, for one unbind.
package struct SweepCell: Sendable, Hashable, Codable {
    package let pin: StressConfiguration.PinnedIoctl

    package init(pin: StressConfiguration.PinnedIoctl) { self.pin = pin }

    /// `NAME:POINT`, also how `--pin` spells it.
    package var name: String { pin.rawValue }

    /// Every cell of the UAPI table, in the table's order (media, videodev2, subdev), each
    /// ioctl at each of its park points on each node kind that takes it (`NAME:POINT` on
    /// the first, `NAME:POINT@KIND` on the others); `patterns` (shell globs,
    /// `VIDIOC_SUBDEV_*`, `*:inner`, `*@vbi`) keep only the cells whose name matches one.
    package static func all(matching patterns: [String] = []) -> [SweepCell] {
        UAPIIoctls.all.flatMap { ioctl in
            StressConfiguration.PinnedIoctl.points(of: ioctl).flatMap { point in
                ioctl.nodeKinds.compactMap { StressConfiguration.PinnedIoctl(ioctl, point, on: $0).map { SweepCell(pin: $0) } }
            }
        }.filter { cell in patterns.isEmpty || patterns.contains { fnmatch($0, cell.name, 0) == 0 } }
    }

    /// Why the cell cannot run on `target` (it has no node of the kind), or nil.
    package func notApplicable(on target: StressTarget) -> String? {
        target.nodes(of: pin.nodeKind).isEmpty ? "\(target.deviceName) has no \(pin.nodeKind.rawValue) node" : nil
    }

    /// The stress configuration of the cell: one cycle, holding only the pinned node kind
    /// (held nodes of other kinds keep the v4l2_device alive and hide use-after-frees).
    package func configuration(allowedDrivers: [String]) -> StressConfiguration {
        StressConfiguration(cycles: 1, hold: [pin.nodeKind], pin: pin, allowedDrivers: allowedDrivers)
    }
}
