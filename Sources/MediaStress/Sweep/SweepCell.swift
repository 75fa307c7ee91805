import Glibc

/// One cell of `mediactl stress sweep`, for one unbind: an ioctl parked at one of its park
/// points on a node kind that takes it (`NAME:POINT[@KIND]`), or a file operation held or
/// raced across the unbind (`file:OPERATION`).
package struct SweepCell: Sendable, Hashable, Codable {
    package enum Work: Sendable, Hashable, Codable {
        case pin(PinnedIoctl)
        case file(FileOperation)
    }

    package let work: Work

    package init(pin: PinnedIoctl) { work = .pin(pin) }
    package init(file operation: FileOperation) { work = .file(operation) }

    /// The prefix of file operation cells.
    static let filePrefix = "file:"

    /// `NAME:POINT[@KIND]` as `--pin` spells it, or `file:OPERATION`.
    package var name: String {
        switch work {
        case .pin(let pin): pin.rawValue
        case .file(let operation): Self.filePrefix + operation.rawValue
        }
    }

    /// The `mediactl stress unbind` options that run the cell alone.
    package var arguments: String {
        switch work {
        case .pin(let pin): "--pin \(pin.rawValue)"
        case .file(let operation): "--file-op \(operation.rawValue)"
        }
    }

    /// The pinned ioctl, for ioctl cells.
    package var pin: PinnedIoctl? {
        if case .pin(let pin) = work { return pin }
        return nil
    }

    /// The cell of this name, or nil.
    package static func named(_ name: String) -> SweepCell? {
        if name.hasPrefix(filePrefix) {
            return FileOperation(rawValue: String(name.dropFirst(filePrefix.count))).map { SweepCell(file: $0) }
        }
        return (try? PinnedIoctl.parse(name)).map { SweepCell(pin: $0) }
    }

    /// Every cell: the UAPI table's, in its order (media, videodev2, subdev), each ioctl at
    /// each of its park points on each node kind that takes it (`NAME:POINT` on the first,
    /// `NAME:POINT@KIND` on the others), then the file operations; `patterns` (shell globs,
    /// `VIDIOC_SUBDEV_*`, `*:inner`, `*@vbi`, `file:*`) keep only the cells whose name matches one.
    package static func all(matching patterns: [String] = []) -> [SweepCell] {
        let ioctls = UAPIIoctls.all.flatMap { ioctl in
            // The buffer ioctls' DMABUF variant after their MMAP one (`:out+dmabuf`).
            let variants = PinnedIoctl.points(of: ioctl).flatMap { point in
                PinnedIoctl.dmabufIoctls.contains(ioctl.name) && point == .out ? [(point, false), (point, true)] : [(point, false)]
            }
            return variants.flatMap { point, dmabuf in
                ioctl.nodeKinds.compactMap { PinnedIoctl(ioctl, point, on: $0, dmabuf: dmabuf).map { SweepCell(pin: $0) } }
            }
        }
        let files = FileOperation.allCases.map { SweepCell(file: $0) }
        return (ioctls + files).filter { cell in patterns.isEmpty || patterns.contains { fnmatch($0, cell.name, 0) == 0 } }
    }

    /// The node kinds the cell holds: the pinned ioctl's, or what the file operation needs
    /// (held nodes of other kinds keep the v4l2_device alive and hide use-after-frees).
    package var hold: [NodeKind] {
        switch work {
        case .pin(let pin): [pin.nodeKind]
        case .file(let operation): operation.hold
        }
    }

    /// Why the cell cannot run on `target` (it has no node of a kind it holds), or nil.
    package func notApplicable(on target: StressTarget) -> String? {
        let missing = hold.filter { target.nodes(of: $0).isEmpty }
        return missing.isEmpty ? nil : "\(target.deviceName) has no \(missing.map(\.rawValue).joined(separator: " or ")) node"
    }

    /// The stress configuration of the cell: one cycle holding `hold`.
    package var configuration: StressConfiguration {
        switch work {
        case .pin(let pin): StressConfiguration(cycles: 1, hold: hold, pin: pin)
        case .file(let operation): StressConfiguration(cycles: 1, hold: hold, fileOperation: operation)
        }
    }
}
