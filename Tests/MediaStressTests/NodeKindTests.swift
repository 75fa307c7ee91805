import CLinuxMedia
import Foundation
import Testing

@testable import MediaController
@testable import MediaStress

/// The V4L2 node kinds besides video and subdev (vbi, radio, swradio, touch): how a node
/// is classified, which ioctls each kind takes, how `--pin` names a kind, and the sweep's
/// cells on them. Expected values come from the kernel: linux/media.h's interface types,
/// the node names the kernel gave vivid's nodes, and determine_valid_ioctls in
/// drivers/media/v4l2-core/v4l2-dev.c (Linux 6.12).
@Suite struct NodeKindTests {
    typealias Pin = PinnedIoctl
    typealias Kind = NodeKind

    static let root = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../..").standardized.path

    @Test func kindsComeFromTheInterfaceType() {
        // linux/media.h: MEDIA_INTF_T_V4L_BASE 0x200, + 0 VIDEO, 1 VBI, 2 RADIO, 3 SUBDEV, 4 SWRADIO, 5 TOUCH.
        let expected: [UInt32: Kind] = [0x200: .video, 0x201: .vbi, 0x202: .radio, 0x203: .subdev, 0x204: .swradio, 0x205: .touch]
        for (type, kind) in expected { #expect(Kind(interfaceType: InterfaceType(rawValue: type)) == kind, "\(type)") }
        // DVB_FE, ALSA_PCM_CAPTURE, and one past V4L_TOUCH are not V4L2 nodes of ours.
        for type: UInt32 in [0x100, 0x300, 0x206] { #expect(Kind(interfaceType: InterfaceType(rawValue: type)) == nil) }
        #expect(Kind.allCases.map(\.rawValue) == [
            "media", "video", "subdev", "vbi", "radio", "swradio", "touch", "video-out", "vbi-out", "radio-tx", "swradio-tx",
        ])
        #expect(Kind.defaultHold == [.media, .video, .subdev])
    }

    /// vivid's graph as the VM lane recorded it (default node_types 0xe1d3d): every node
    /// the kernel named vbiN, radioN, swradioN, v4l-touchN or videoN is of that kind.
    @Test func vividsNodesAreClassifiedAsTheKernelNamedThem() throws {
        let data = try Data(contentsOf: URL(filePath: Self.root + "/Tests/MediaControllerTests/Fixtures/vivid.recording.json"))
        let source = RecordedMediaSource(try JSONDecoder().decode(MediaRecording.self, from: data))
        let topology = Topology(try source.rawTopology(), mediaVersion: 0)
        let nodes = StressTarget.heldNodes(topology, devnodes: source)
        let kinds = Dictionary(uniqueKeysWithValues: nodes.map { ($0.path, $0.kind) })
        #expect(kinds == [
            "/dev/video3": .video, "/dev/video4": .video, "/dev/video5": .video, "/dev/video6": .video,
            "/dev/vbi0": .vbi, "/dev/vbi1": .vbi, "/dev/radio0": .radio, "/dev/radio1": .radio,
            "/dev/swradio0": .swradio, "/dev/v4l-touch0": .touch,
        ])
        // Radio interfaces have no entity (video_register_media_controller); the others do.
        #expect(nodes.filter { $0.entity.isEmpty }.map(\.path).sorted() == ["/dev/radio0", "/dev/radio1"])
        #expect(nodes.first { $0.path == "/dev/vbi0" }?.entity == "vivid-000-vbi-cap")
    }

    @Test func videodev2IoctlsGoToTheKindsDetermineValidIoctlsGivesThem() {
        // The receiver kinds here; the transmitters in nodesThatOnlyTransmitHaveTheirOwnKinds.
        let transmitters = Set(Kind.allCases.compactMap(\.transmitter))
        func kinds(_ name: String) -> [Kind]? { UAPIIoctl.named(name)?.nodeKinds.filter { !transmitters.contains($0) } }
        // vfl_type independent.
        #expect(kinds("VIDIOC_QUERYCAP") == [.video, .vbi, .radio, .swradio, .touch])
        #expect(kinds("VIDIOC_G_EXT_CTRLS") == [.video, .subdev, .vbi, .radio, .swradio, .touch])
        // `if (!is_tch)` / `if (is_rx && !is_tch)`.
        #expect(kinds("VIDIOC_G_FREQUENCY") == [.video, .vbi, .radio, .swradio])
        #expect(kinds("VIDIOC_G_TUNER") == [.video, .vbi, .radio, .swradio])
        // The vbi, touch and SDR format blocks; vbi has no ENUM_FMT; radio no format at all.
        #expect(kinds("VIDIOC_G_FMT") == [.video, .vbi, .swradio, .touch])
        #expect(kinds("VIDIOC_ENUM_FMT") == [.video, .swradio, .touch])
        #expect(kinds("VIDIOC_G_SLICED_VBI_CAP") == [.video, .vbi])
        // Buffers: video, vbi, sdr, touch (and meta, a video node).
        #expect(kinds("VIDIOC_REQBUFS") == [.video, .vbi, .swradio, .touch])
        // Inputs: the touch block and the video/vbi/meta block; standards only the latter.
        #expect(kinds("VIDIOC_G_INPUT") == [.video, .vbi, .touch])
        #expect(kinds("VIDIOC_G_STD") == [.video, .vbi])
        #expect(kinds("VIDIOC_G_EDID") == [.video, .subdev, .vbi])
        // Radio and SDR transmitters; video-only ioctls.
        #expect(kinds("VIDIOC_G_MODULATOR") == [.video, .radio, .swradio])
        #expect(kinds("VIDIOC_G_SELECTION") == [.video])
        #expect(kinds("VIDIOC_S_FBUF") == [.video])
        #expect(kinds("MEDIA_IOC_DEVICE_INFO") == [.media] && kinds("VIDIOC_SUBDEV_G_FMT") == [.subdev])
    }

    @Test func aPinNamesItsKindAfterAnAt() throws {
        let vbi = try Pin.parse("VIDIOC_G_FMT:in@vbi")
        #expect(vbi.ioctl.name == "VIDIOC_G_FMT" && vbi.point == .in && vbi.nodeKind == .vbi)
        let plain = try Pin.parse("VIDIOC_G_FMT:in")
        #expect(vbi.rawValue == "VIDIOC_G_FMT:in@vbi" && vbi != plain)
        #expect(try Pin.parse("VIDIOC_G_FMT@touch") == Pin.parse("VIDIOC_G_FMT:in@touch"))
        #expect(try Pin.parse("video-fmt@swradio").nodeKind == .swradio)
        #expect(try Pin.parse("VIDIOC_G_FMT:in@video") == Pin.parse("VIDIOC_G_FMT:in"))
        #expect(try Pin.parse("VIDIOC_QUERYCAP:out@radio").nodeKind == .radio)
        #expect(try Pin.parse("VIDIOC_G_CTRL:in@subdev").nodeKind == .subdev)
        let failures: [(String, String)] = [
            ("VIDIOC_G_FMT:in@radio", "VIDIOC_G_FMT is not issued on radio nodes: only on video, vbi, swradio, touch"),
            ("MEDIA_IOC_DEVICE_INFO:in@video", "MEDIA_IOC_DEVICE_INFO is not issued on video nodes: only on media"),
            ("VIDIOC_G_FMT:in@dvb", "unknown node kind 'dvb' in 'VIDIOC_G_FMT:in@dvb': media, video, subdev, vbi, radio, swradio, touch"),
            ("VIDIOC_G_FMT:in@", "unknown node kind '' in 'VIDIOC_G_FMT:in@'"),
            ("VIDIOC_G_FMT:inner@vbi", "VIDIOC_G_FMT:inner cannot be parked: its argument has no user pointer"),
        ]
        for (text, message) in failures {
            do {
                let pinned = try Pin.parse(text)
                Issue.record("\(text) parsed as \(pinned)")
            } catch {
                #expect(error.message.hasPrefix(message), "\(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
    }

    @Test func theKindInitSpellsTheFirstKindWithoutAnAt() throws {
        let format = try #require(UAPIIoctl.named("VIDIOC_G_FMT"))
        #expect(Pin(format, .out, on: .video)?.rawValue == "VIDIOC_G_FMT:out")
        #expect(Pin(format, .out, on: .touch)?.rawValue == "VIDIOC_G_FMT:out@touch")
        #expect(Pin(format, .out, on: .radio) == nil && Pin(format, .inner, on: .vbi) == nil)
        for kind in [Kind.video, .vbi, .swradio, .touch] {
            let pinned = try #require(Pin(format, .in, on: kind))
            #expect(try Pin.parse(pinned.rawValue) == pinned && pinned.nodeKind == kind)
        }
        let json = try JSONEncoder().encode([try Pin.parse("VIDIOC_G_FMT:in@vbi")])
        #expect(String(decoding: json, as: UTF8.self) == #"["VIDIOC_G_FMT:in@vbi"]"#)
        #expect(try JSONDecoder().decode([Pin].self, from: json).first?.nodeKind == .vbi)
    }

    @Test func formatsAreParkedWithTheBufferTypeOfTheKind() throws {
        // enum v4l2_buf_type: VIDEO_CAPTURE 1, VBI_CAPTURE 4, SDR_CAPTURE 11 (videodev2.h).
        for (spelling, type) in [("VIDIOC_G_FMT:out", 1), ("VIDIOC_G_FMT:out@vbi", 4), ("VIDIOC_S_FMT:out@swradio", 11), ("VIDIOC_TRY_FMT:out@touch", 1)] {
            let argument = PinArgument(try Pin.parse(spelling), firstEntity: 1)
            #expect(argument.fields.map(\.offset) == [0] && argument.fields.map(\.value) == [UInt32(type)], "\(spelling)")
        }
    }

    @Test func everyKindHasProbesStartingWithItsCapabilities() {
        for kind in Kind.allCases {
            let probes = IoctlProbe.probes(for: kind, setupLink: nil)
            #expect(probes.count >= 2 && probes.allSatisfy { $0.kind == kind }, "\(kind)")
        }
        #expect(IoctlProbe.probes(for: .vbi, setupLink: nil).map(\.name) == ["QUERYCAP@vbi", "G_FMT@vbi"])
        #expect(IoctlProbe.probes(for: .radio, setupLink: nil).map(\.name) == ["QUERYCAP@radio", "G_FREQUENCY@radio"])
        #expect(IoctlProbe.probes(for: .touch, setupLink: nil).map(\.name) == ["QUERYCAP@touch", "G_FMT@touch"])
    }

    /// A node that only transmits is of the transmitter kind of its interface, from its
    /// device caps (vivid's video and vbi output, radio transmitter; an SDR output); a
    /// mem2mem node receives too and stays `video`. Transmitters take what receivers take
    /// but the `is_rx` blocks: no inputs or tuners, and they alone have modulators here too.
    @Test func nodesThatOnlyTransmitHaveTheirOwnKinds() throws {
        #expect(Kind.video.direction(deviceCaps: UInt32(V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_STREAMING)) == .videoOut)
        #expect(Kind.video.direction(deviceCaps: UInt32(V4L2_CAP_META_OUTPUT)) == .videoOut)
        #expect(Kind.video.direction(deviceCaps: UInt32(V4L2_CAP_VIDEO_M2M | V4L2_CAP_STREAMING)) == .video)
        #expect(Kind.video.direction(deviceCaps: UInt32(V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_OUTPUT)) == .video)
        #expect(Kind.vbi.direction(deviceCaps: UInt32(V4L2_CAP_SLICED_VBI_OUTPUT)) == .vbiOut)
        #expect(Kind.radio.direction(deviceCaps: UInt32(V4L2_CAP_MODULATOR | V4L2_CAP_RDS_OUTPUT)) == .radioTx)
        #expect(Kind.radio.direction(deviceCaps: UInt32(V4L2_CAP_TUNER)) == .radio)
        #expect(Kind.swradio.direction(deviceCaps: UInt32(V4L2_CAP_SDR_OUTPUT)) == .swradioTx)
        #expect(Kind.touch.direction(deviceCaps: UInt32(V4L2_CAP_VIDEO_OUTPUT)) == .touch)
        #expect(Kind.video.direction(ofNodeAt: "/nonexistent/video9") == .video)
        func kinds(_ name: String) -> [Kind]? { UAPIIoctl.named(name)?.nodeKinds }
        #expect(kinds("VIDIOC_G_FMT") == [.video, .vbi, .swradio, .touch, .videoOut, .vbiOut, .swradioTx])
        #expect(kinds("VIDIOC_G_MODULATOR") == [.video, .radio, .swradio, .videoOut, .radioTx, .swradioTx])
        #expect(kinds("VIDIOC_G_TUNER") == [.video, .vbi, .radio, .swradio])
        #expect(kinds("VIDIOC_ENUMINPUT") == [.video, .vbi, .touch])
        #expect(IoctlProbe.formatBufferType(.videoOut) == V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue)
        #expect(try PinnedIoctl.parse("VIDIOC_G_FMT:out@video-out").nodeKind == .videoOut)
    }

    @Test func theSweepHasACellPerKindAndADeviceWithoutTheKindSkipsIt() throws {
        #expect(SweepCell.all(matching: ["VIDIOC_G_FMT:*"]).map(\.name) == [
            "VIDIOC_G_FMT:in", "VIDIOC_G_FMT:in@vbi", "VIDIOC_G_FMT:in@swradio", "VIDIOC_G_FMT:in@touch",
            "VIDIOC_G_FMT:in@video-out", "VIDIOC_G_FMT:in@vbi-out", "VIDIOC_G_FMT:in@swradio-tx",
            "VIDIOC_G_FMT:out", "VIDIOC_G_FMT:out@vbi", "VIDIOC_G_FMT:out@swradio", "VIDIOC_G_FMT:out@touch",
            "VIDIOC_G_FMT:out@video-out", "VIDIOC_G_FMT:out@vbi-out", "VIDIOC_G_FMT:out@swradio-tx",
        ])
        #expect(SweepCell.all(matching: ["VIDIOC_QUERYCAP:*"]).map(\.name) == [
            "VIDIOC_QUERYCAP:out", "VIDIOC_QUERYCAP:out@vbi", "VIDIOC_QUERYCAP:out@radio", "VIDIOC_QUERYCAP:out@swradio",
            "VIDIOC_QUERYCAP:out@touch", "VIDIOC_QUERYCAP:out@video-out", "VIDIOC_QUERYCAP:out@vbi-out",
            "VIDIOC_QUERYCAP:out@radio-tx", "VIDIOC_QUERYCAP:out@swradio-tx",
        ])
        let radio = try #require(SweepCell.all(matching: ["VIDIOC_G_TUNER:in@radio"]).first)
        #expect(radio.pin?.nodeKind == .radio && radio.configuration.hold == [.radio])
        let vimc = StressTarget(
            mediaNode: "/dev/media0", deviceName: "vimc.0", deviceSysPath: "/sys/devices/platform/vimc.0", driver: "vimc",
            driverSysPath: "/sys/bus/platform/drivers/vimc",
            nodes: [HeldNode(kind: .media, path: "/dev/media0", entity: "VIMC MDEV"), HeldNode(kind: .video, path: "/dev/video0", entity: "Raw Capture 0")])
        #expect(radio.notApplicable(on: vimc) == "vimc.0 has no radio node")
        #expect(try SweepTests.cell("VIDIOC_G_TUNER:in").notApplicable(on: vimc) == nil)
    }
}
