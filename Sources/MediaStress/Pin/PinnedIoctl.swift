/// Where `--pin` parks an ioctl inside the kernel.
package enum ParkPoint: String, Sendable, Codable, CaseIterable {
    /// The copy-in of the argument: its page is missing, and the kernel's
    /// `copy_from_user` waits in the fault.
    case `in`
    /// The copy-out of the result: the argument's page is there but write-protected
    /// (`UFFDIO_WRITEPROTECT`), so the copy-in passes and `copy_to_user` waits.
    case out
    /// A user pointer inside the argument (an array the kernel fills or reads): the
    /// argument is there, the array's page is missing.
    case inner
}

/// An ioctl that `--pin` parks inside the kernel with userfaultfd: any ioctl of the
/// UAPI headers (`UAPIIoctls`), at a park point, on a node kind that takes it (the
/// first, unless named). Spelled `NAME[:in|out|inner|out+dmabuf][@KIND]`; the four names of the
/// first `--pin` stay as aliases (and take `@KIND` too).
package struct PinnedIoctl: Sendable, Hashable, Codable, CustomStringConvertible {
    package let ioctl: UAPIIoctl
    package let point: ParkPoint
    /// The node kind whose descriptor the ioctl is issued on.
    package let nodeKind: NodeKind
    /// The buffer ioctls of `dmabufIoctls` on buffers of DMABUF memory (`:out+dmabuf`):
    /// the node's own MMAP buffers exported (EXPBUF), freed and imported again.
    package let dmabuf: Bool
    /// How it was spelled: what reports show, so that a reproduction line reads as typed.
    package let rawValue: String

    private init(ioctl: UAPIIoctl, point: ParkPoint, kind: NodeKind, dmabuf: Bool = false, rawValue: String) {
        self.ioctl = ioctl
        self.point = point
        self.nodeKind = kind
        self.dmabuf = dmabuf
        self.rawValue = rawValue
    }

    /// The ioctls parked at `:out+dmabuf` too.
    package static let dmabufIoctls: Set = ["VIDIOC_QBUF", "VIDIOC_PREPARE_BUF", "VIDIOC_DQBUF"]
    /// How the DMABUF variant of a park point is spelled after it.
    static let dmabufSuffix = "+dmabuf"

    /// `ioctl` at `point` on `kind`, spelled `NAME:POINT`, with `@KIND` when `kind` is not
    /// the ioctl's first. Nil when it has no such park point or `kind` does not take it.
    package init?(_ ioctl: UAPIIoctl, _ point: ParkPoint, on kind: NodeKind, dmabuf: Bool = false) {
        guard Self.notApplicable(ioctl, point) == nil, ioctl.nodeKinds.contains(kind) else { return nil }
        guard !dmabuf || (point == .out && Self.dmabufIoctls.contains(ioctl.name)) else { return nil }
        let suffix = kind == ioctl.nodeKinds.first ? "" : "@\(kind.rawValue)"
        let memory = dmabuf ? Self.dmabufSuffix : ""
        self.init(ioctl: ioctl, point: point, kind: kind, dmabuf: dmabuf, rawValue: "\(ioctl.name):\(point.rawValue)\(memory)\(suffix)")
    }

    /// The aliases: VIDIOC_G_FMT and friends parked at the copy-in.
    package static let aliases: [String: (name: String, point: ParkPoint)] = [
        "device-info": ("MEDIA_IOC_DEVICE_INFO", .in), "topology": ("MEDIA_IOC_G_TOPOLOGY", .in),
        "video-fmt": ("VIDIOC_G_FMT", .in), "subdev-fmt": ("VIDIOC_SUBDEV_G_FMT", .in),
    ]

    package static let deviceInfo = alias("device-info")
    package static let topology = alias("topology")
    package static let videoFormat = alias("video-fmt")
    package static let subdevFormat = alias("subdev-fmt")

    private static func alias(_ name: String) -> PinnedIoctl {
        // The aliases name ioctls of every header the table was made from.
        guard let pinned = try? parse(name) else { preconditionFailure("alias \(name) is not in UAPIIoctls") }
        return pinned
    }

    package var description: String { rawValue }

    /// `NAME[:in|out|inner|out+dmabuf][@KIND]` or an alias with an optional `@KIND`; throws one line
    /// naming what is wrong.
    package static func parse(_ text: String) throws(PinSpellingError) -> PinnedIoctl {
        let at = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let pinned = try parseWithoutKind(String(at[0]), text)
        guard at.count == 2 else { return pinned }
        guard let kind = NodeKind(rawValue: String(at[1])) else {
            let kinds = NodeKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw PinSpellingError("unknown node kind '\(at[1])' in '\(text)': \(kinds)")
        }
        guard pinned.ioctl.nodeKinds.contains(kind) else {
            let kinds = pinned.ioctl.nodeKinds.map(\.rawValue).joined(separator: ", ")
            throw PinSpellingError("\(pinned.ioctl.name) is not issued on \(kind.rawValue) nodes: only on \(kinds)")
        }
        return PinnedIoctl(ioctl: pinned.ioctl, point: pinned.point, kind: kind, dmabuf: pinned.dmabuf, rawValue: text)
    }

    /// `NAME[:in|out|inner]` or an alias, on the ioctl's first node kind.
    private static func parseWithoutKind(_ spelling: String, _ text: String) throws(PinSpellingError) -> PinnedIoctl {
        if let alias = aliases[spelling], let ioctl = UAPIIoctl.named(alias.name) {
            return PinnedIoctl(ioctl: ioctl, point: alias.point, kind: ioctl.nodeKinds.first ?? .media, rawValue: text)
        }
        let parts = spelling.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let ioctl = UAPIIoctl.named(name) else {
            throw PinSpellingError("unknown ioctl '\(name)': give a name of linux/media.h, videodev2.h or v4l2-subdev.h (VIDIOC_G_EXT_CTRLS, MEDIA_IOC_ENUM_LINKS, ...) or one of \(aliases.keys.sorted().joined(separator: ", "))")
        }
        var point = ParkPoint.in
        var dmabuf = false
        if parts.count == 2 {
            var spelled = String(parts[1])
            if spelled.hasSuffix(dmabufSuffix) {
                dmabuf = true
                spelled.removeLast(dmabufSuffix.count)
            }
            guard let given = ParkPoint(rawValue: spelled) else {
                throw PinSpellingError("unknown park point '\(parts[1])' in '\(text)': in, out, inner or out+dmabuf")
            }
            point = given
        }
        if let reason = notApplicable(ioctl, point) {
            throw PinSpellingError("\(name):\(point.rawValue) cannot be parked: \(reason)")
        }
        if dmabuf, point != .out || !dmabufIoctls.contains(name) {
            throw PinSpellingError("'\(text)': only \(dmabufIoctls.sorted().joined(separator: ", ")) take :out+dmabuf")
        }
        return PinnedIoctl(ioctl: ioctl, point: point, kind: ioctl.nodeKinds.first ?? .media, dmabuf: dmabuf, rawValue: text)
    }

    /// Why `ioctl` has no `point` to park at, or nil when it has.
    package static func notApplicable(_ ioctl: UAPIIoctl, _ point: ParkPoint) -> String? {
        if ioctl.nodeKinds.isEmpty { return "it is issued on request descriptors, which no stress run holds" }
        switch (point, ioctl.direction) {
        case (_, .none): return "it takes no argument (_IO): there is no user memory to park on"
        case (.in, .out): return "the kernel does not copy its argument in (_IOR): park it at :out"
        case (.out, .in): return "the kernel does not copy a result out (_IOW): park it at :in"
        case (.inner, _):
            return InnerPointers.table[ioctl.name] == nil
                ? "its argument has no user pointer the kernel follows (see \(InnerPointers.listing))" : nil
        default: return nil
        }
    }

    /// The park points `ioctl` has.
    package static func points(of ioctl: UAPIIoctl) -> [ParkPoint] {
        ParkPoint.allCases.filter { notApplicable(ioctl, $0) == nil }
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self.parse(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ioctl == rhs.ioctl && lhs.point == rhs.point && lhs.nodeKind == rhs.nodeKind && lhs.dmabuf == rhs.dmabuf
    }
    package func hash(into hasher: inout Hasher) {
        hasher.combine(ioctl)
        hasher.combine(point)
        hasher.combine(nodeKind)
        hasher.combine(dmabuf)
    }
}
/// A `--pin` spelling that names no ioctl or park point.
package struct PinSpellingError: Error, Sendable {
    package let message: String
    init(_ message: String) { self.message = message }
}
