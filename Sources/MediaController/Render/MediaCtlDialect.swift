/// Which media-ctl `--format media-ctl` imitates, and everything that differs between the
/// releases people run: Debian 12's 1.22, Ubuntu 24.04's 1.26, and 1.28, 1.30 (Debian 13)
/// and 1.32 upstream. Every version rule of the media-ctl renderer is here, read from each
/// release's media-ctl.c and libv4l2subdev.c:
///
/// | release | entity line of a subdev | pad format | pad type | crop/compose left, top | media bus names |
/// |---|---|---|---|---|---|
/// | 1.22 | `(1 pad, 2 links)` | `[fmt:...]` | `Sink`, `Source`, `Unknown` | unsigned | 1.22's |
/// | 1.26 | `(1 pad, 2 links, 0 routes)` | `[stream:0 fmt:...]` | as 1.22 | unsigned | 1.26.1's header |
/// | 1.28, 1.30, 1.32 | as 1.26 | as 1.26 | `SINK`, `SOURCE`, `MUST_CONNECT`, comma-separated | signed | each release's header |
///
/// Routes: media-ctl counts the routes of `VIDIOC_SUBDEV_G_ROUTING`, which answers only for
/// a streams subdev on a kernel with the Streams API switched on (not a stock kernel): 0
/// elsewhere. 1.28+ print them (`\troutes:`) and, under each pad, one `[stream:N ...]` per
/// stream an active route carries there. 1.26.1 asks with the pre-6.8 `v4l2_subdev_routing`
/// (no `len_routes`), a request number kernels from 6.8 do not know: it prints 0 routes and
/// stream 0 of every pad (`readsRoutes`). Entities that are not V4L2 subdevs print as in 1.22 in
/// every release (vivid has none, so its `-p` is 1.22's except for pad types from 1.28).
public struct MediaCtlDialect: Sendable, Hashable {
    /// The releases with distinct output, by their major.minor.
    public enum Release: String, Sendable, CaseIterable, Comparable {
        case v1_22 = "1.22", v1_26 = "1.26", v1_28 = "1.28", v1_30 = "1.30", v1_32 = "1.32"

        /// The minor version (every release is 1.x).
        var minor: Int {
            switch self {
            case .v1_22: 22
            case .v1_26: 26
            case .v1_28: 28
            case .v1_30: 30
            case .v1_32: 32
            }
        }

        public static func < (lhs: Release, rhs: Release) -> Bool { lhs.minor < rhs.minor }
    }

    public let release: Release

    public init(_ release: Release) { self.release = release }

    /// What `--format media-ctl` imitates when no media-ctl is installed.
    public static let newest = MediaCtlDialect(.v1_32)

    /// The release a version names: `1.30` or `1.30.1` (any patch level) for one of the
    /// five; nil for anything else.
    public init?(version: String) {
        var bytes = version.utf8.makeIterator()
        guard let (numbers, next) = Self.numbers(&bytes, fields: 3), numbers.count >= 2, next == nil, numbers[0] == 1,
            let release = Release.allCases.first(where: { $0.minor == numbers[1] })
        else { return nil }
        self.release = release
    }

    /// The dialect of the media-ctl that printed `output` for `media-ctl --version`
    /// (`media-ctl 1.30.1`, perhaps followed by a git count and a `media-ctl SHA:` line):
    /// the newest release not newer than it, 1.22 for anything older. Nil when the first
    /// line is not `media-ctl MAJOR.MINOR...`.
    public init?(versionOutput output: String) {
        var bytes = output.utf8.makeIterator()
        for expected in "media-ctl ".utf8 {
            guard bytes.next() == expected else { return nil }
        }
        guard let (numbers, _) = Self.numbers(&bytes, fields: 2), numbers.count == 2 else { return nil }
        let (major, minor) = (numbers[0], numbers[1])
        self.release = Release.allCases.last { major > 1 || (major == 1 && minor >= $0.minor) } ?? .v1_22
    }

    /// The dot-separated numbers at the start of `bytes` (at most `fields` of them, each of
    /// 1 to 6 digits) and the byte after them (nil at the end); nil when there are none or
    /// a dot is not followed by a digit. Bytes, not Characters: this runs on every
    /// `--format media-ctl`, and String's generic algorithms cost more than the rest of
    /// the parse (Scripts/bench/gate counts them).
    private static func numbers(_ bytes: inout String.UTF8View.Iterator, fields: Int) -> (numbers: [Int], next: UInt8?)? {
        var numbers = [0]
        var digits = 0
        while let byte = bytes.next() {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 6 else { return nil }
                numbers[numbers.count - 1] = numbers[numbers.count - 1] * 10 + Int(byte - UInt8(ascii: "0"))
            } else if byte == UInt8(ascii: "."), digits > 0, numbers.count < fields {
                numbers.append(0)
                digits = 0
            } else {
                return digits > 0 ? (numbers, byte) : nil
            }
        }
        return digits > 0 ? (numbers, nil) : nil
    }

    // MARK: - The rules

    /// 1.26+: a subdev's entity line ends `, N routes` (`route` only for exactly one).
    public var countsRoutes: Bool { release >= .v1_26 }

    /// 1.28+: routes and per-stream formats are read (see the type's notes on 1.26).
    public var readsRoutes: Bool { release >= .v1_28 }

    /// 1.26+: a pad format is `[stream:N fmt:...]`.
    public var printsStreams: Bool { release >= .v1_26 }

    /// 1.28+: pad types are the pad's flags by their kernel names (`SINK,MUST_CONNECT`),
    /// unknown bits in hex; before, the first of `Sink`, `Source`, else `Unknown`.
    public var namesPadFlags: Bool { release >= .v1_28 }

    /// 1.28+: selection rectangles' left and top print signed (`%d`); before, `%u`.
    public var signedRectangles: Bool { release >= .v1_28 }

    /// The `\tpadN: TYPE` text of a pad with these flags.
    public func padType(_ flags: PadFlags) -> String {
        if namesPadFlags { return flags.names.joined(separator: ",") }
        if flags.contains(.sink) { return "Sink" }
        if flags.contains(.source) { return "Source" }
        return "Unknown"
    }

    /// `(L,T)` of a selection rectangle.
    func origin(_ rect: Rectangle) -> String {
        signedRectangles
            ? "(\(rect.left),\(rect.top))" : "(\(UInt32(bitPattern: rect.left)),\(UInt32(bitPattern: rect.top)))"
    }
}
