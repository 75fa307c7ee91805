import CLinuxMedia
import SystemPackage

@testable import MediaController

/// A media device held in memory, starting from a recorded graph, whose SETUP_LINK
/// follows the kernel's `__media_entity_setup_link` rules: the link must exist, only
/// ENABLED may change, and an immutable link accepts only its own flags.
final class FakePipelineDevice: PipelineDevice {
    var legacy: LegacyTopology
    let modern: Topology?
    /// Every SETUP_LINK received, in order.
    private(set) var calls: [LegacyLink] = []
    /// Makes SETUP_LINK fail for chosen links.
    var failure: (LegacyLink) -> Errno? = { _ in nil }
    var path: String { "/dev/media-fake" }

    init(_ snapshot: MediaSnapshot) {
        legacy = snapshot.legacy ?? LegacyTopology(entities: [])
        modern = snapshot.topology
    }

    func topology() throws(MediaError) -> Topology {
        guard let modern else { throw MediaError.ioctl(.getTopology, path, .inappropriateIOCTLForDevice) }
        return modern
    }

    func legacyTopology() throws(MediaError) -> LegacyTopology { legacy }

    func setupLink(_ link: LegacyLink) throws(MediaError) {
        calls.append(link)
        if let errno = failure(link) { throw MediaError.ioctl(.setupLink, path, errno) }
        let address = LinkAddress(link)
        for entityIndex in legacy.entities.indices {
            for linkIndex in legacy.entities[entityIndex].links.indices
            where LinkAddress(legacy.entities[entityIndex].links[linkIndex]) == address {
                let current = legacy.entities[entityIndex].links[linkIndex].flags.rawValue
                let mask = LinkFlags.enabled.rawValue
                guard current & ~mask == link.flags.rawValue & ~mask else {
                    throw MediaError.ioctl(.setupLink, path, .invalidArgument)
                }
                if current & LinkFlags.immutable.rawValue != 0 {
                    guard current == link.flags.rawValue else { throw MediaError.ioctl(.setupLink, path, .invalidArgument) }
                    return
                }
                legacy.entities[entityIndex].links[linkIndex].flags = link.flags
                return
            }
        }
        throw MediaError.ioctl(.setupLink, path, .invalidArgument)
    }

    func flags(_ address: LinkAddress) -> LinkFlags? {
        legacy.entities.flatMap(\.links).first { LinkAddress($0) == address }?.flags
    }
}

/// The pads of one fake subdev: stores what is set, with vimc-like rules (sizes clamped
/// to 16...4096, field "any" becomes "none", colorspace "default" becomes srgb), and
/// logs every call into a log shared by all subdevs of a test.
final class FakeSubdev: SubdevPads {
    struct PadState {
        var format = FrameFormat(code: 0x100a, width: 640, height: 480, field: 1, colorspace: 8)
        var crop: Rectangle?
        var compose: Rectangle?
        var interval: Fraction?
    }

    let name: String
    let log: CallLog
    var pads: [UInt32: PadState] = [:]
    /// The TRY state of the one handle a test opens (V4L2_SUBDEV_FORMAT_TRY).
    var tryPads: [UInt32: PadState] = [:]
    /// Errors to answer, by call name (`S_FMT`, `S_SELECTION`, `S_FRAME_INTERVAL`, `G_FMT`, ...).
    var errors: [String: Errno] = [:]
    /// Setting the format of the key pad resets the value pad to the default format.
    var resets: [UInt32: UInt32] = [:]

    init(name: String, log: CallLog) {
        self.name = name
        self.log = log
    }

    private func record(_ call: String, _ pad: UInt32, _ which: SubdevWhich = .active) throws(MediaError) {
        log.calls.append("\(call)\(which == .try ? " TRY" : "") \(name):\(pad)")
        if let errno = errors[call] {
            throw MediaError.ioctl(IoctlRequest(name: "VIDIOC_SUBDEV_\(call)", number: 0), name, errno)
        }
    }

    private func state(_ which: SubdevWhich) -> [UInt32: PadState] { which == .try ? tryPads : pads }

    private func update(_ which: SubdevWhich, _ pad: UInt32, _ change: (inout PadState) -> Void) {
        if which == .try { change(&tryPads[pad, default: PadState()]) } else { change(&pads[pad, default: PadState()]) }
    }

    func setFormat(_ format: FrameFormat, pad: UInt32, which: SubdevWhich) throws(MediaError) -> FrameFormat {
        try record("S_FMT", pad, which)
        var adjusted = format
        adjusted.width = min(max(format.width, 16), 4096)
        adjusted.height = min(max(format.height, 16), 4096)
        if adjusted.field == 0 { adjusted.field = 1 }
        if adjusted.colorspace == 0 { adjusted.colorspace = 8 }
        update(which, pad) { $0.format = adjusted }
        if let other = resets[pad] { update(which, other) { $0.format = PadState().format } }
        return adjusted
    }

    func setSelection(_ rectangle: Rectangle, target: UInt32, pad: UInt32, which: SubdevWhich) throws(MediaError) -> Rectangle {
        try record("S_SELECTION", pad, which)
        var adjusted = rectangle
        let format = state(which)[pad, default: PadState()].format
        adjusted.width = min(rectangle.width, format.width)
        adjusted.height = min(rectangle.height, format.height)
        if target == UInt32(V4L2_SEL_TGT_CROP) { update(which, pad) { $0.crop = adjusted } }
        if target == UInt32(V4L2_SEL_TGT_COMPOSE) { update(which, pad) { $0.compose = adjusted } }
        return adjusted
    }

    func setFrameInterval(_ interval: Fraction, pad: UInt32) throws(MediaError) -> Fraction {
        try record("S_FRAME_INTERVAL", pad)
        pads[pad, default: PadState()].interval = interval
        return interval
    }

    func rawFormat(pad: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_format, Errno> {
        if let errno = errors["G_FMT"] { return .failure(errno) }
        let state = state(which)[pad, default: PadState()].format
        var raw = v4l2_subdev_format()
        raw.pad = pad
        raw.format.code = state.code
        raw.format.width = state.width
        raw.format.height = state.height
        raw.format.field = state.field
        raw.format.colorspace = state.colorspace
        return .success(raw)
    }

    func rawFrameInterval(pad: UInt32) -> Result<v4l2_subdev_frame_interval, Errno> {
        if let errno = errors["G_FRAME_INTERVAL"] { return .failure(errno) }
        guard let interval = pads[pad]?.interval else { return .failure(.inappropriateIOCTLForDevice) }
        var raw = v4l2_subdev_frame_interval()
        raw.interval = v4l2_fract(numerator: interval.numerator, denominator: interval.denominator)
        return .success(raw)
    }

    func rawSelection(pad: UInt32, target: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_selection, Errno> {
        if let errno = errors["G_SELECTION"] { return .failure(errno) }
        let state = state(which)[pad, default: PadState()]
        let rect: Rectangle?
        switch Int32(target) {
        case V4L2_SEL_TGT_CROP: rect = state.crop
        case V4L2_SEL_TGT_COMPOSE: rect = state.compose
        default: rect = nil
        }
        guard let rect else { return .failure(.invalidArgument) }
        var raw = v4l2_subdev_selection()
        raw.r = v4l2_rect(left: rect.left, top: rect.top, width: rect.width, height: rect.height)
        return .success(raw)
    }

    func rawCrop(pad: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_crop, Errno> {
        if let errno = errors["G_CROP"] { return .failure(errno) }
        var raw = v4l2_subdev_crop()
        raw.rect = v4l2_rect(left: 1, top: 2, width: 3, height: 4)
        return .success(raw)
    }
}

/// The calls of every fake subdev in one test, in order.
final class CallLog {
    var calls: [String] = []
}

/// Opens fake subdevs by device node, creating each on first use.
final class FakeSubdevOpener: SubdevOpening {
    let log = CallLog()
    var subdevs: [String: FakeSubdev] = [:]
    var missing: Set<String> = []

    func subdev(_ devnode: String) -> FakeSubdev {
        if let subdev = subdevs[devnode] { return subdev }
        let subdev = FakeSubdev(name: String(devnode.split(separator: "/").last ?? ""), log: log)
        subdevs[devnode] = subdev
        return subdev
    }

    func open(devnode: String) throws(MediaError) -> any SubdevPads {
        if missing.contains(devnode) { throw MediaError.open(devnode, .noSuchFileOrDirectory) }
        return subdev(devnode)
    }
}

/// A session on the recorded vimc graph with fake links and fake subdevs.
func fakeVimcSession() throws -> (PipelineSession, FakePipelineDevice, FakeSubdevOpener) {
    let snapshot = try Fixtures.snapshot("vimc")
    let device = FakePipelineDevice(snapshot)
    let opener = FakeSubdevOpener()
    let session = try PipelineSession(device: device, subdevs: opener, devnodes: RecordedMediaSource(try Fixtures.recording("vimc")))
    return (session, device, opener)
}
