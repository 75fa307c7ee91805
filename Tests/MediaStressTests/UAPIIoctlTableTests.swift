import Foundation
import MediaControllerTestSupport
import Testing

@testable import MediaController
@testable import MediaStress

/// The ioctl table of `--pin` (generated from the 6.12 UAPI headers by Scripts/gen/ioctls)
/// against the headers of this machine, compiled again; and the spellings of `--pin`.
@Suite struct UAPIIoctlTableTests {
    static let root = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../..").standardized.path

    /// `Scripts/gen/ioctls /usr/include`: linux-libc-dev's headers (6.1 on Debian 12).
    static func machineTable() async -> [String] {
        let result = await BuiltBinary.runProgram("/bin/bash", [root + "/Scripts/gen/ioctls", "/usr/include"])
        return result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("UAPIIoctl(") }
    }

    @Test func everyIoctlOfThisMachinesHeadersIsInTheTableWithItsNumberAndSize() async throws {
        let rows = await Self.machineTable()
        // linux/media.h, videodev2.h and v4l2-subdev.h of 6.1 define over a hundred.
        try #require(rows.count > 100, "Scripts/gen/ioctls /usr/include made \(rows.count) rows")
        let committed = try String(contentsOfFile: Self.root + "/Sources/MediaStress/Handles/UAPIIoctls.swift", encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for row in rows { #expect(committed.contains(row), "\(row)") }
        #expect(UAPIIoctls.all.count >= rows.count)
    }

    @Test func theTableAgreesWithTheShimsNumbers() throws {
        for (name, request) in [
            ("MEDIA_IOC_DEVICE_INFO", IoctlRequest.deviceInfo), ("MEDIA_IOC_G_TOPOLOGY", .getTopology),
            ("MEDIA_IOC_ENUM_LINKS", .enumLinks), ("VIDIOC_G_FMT", .getFormat), ("VIDIOC_SUBDEV_G_FMT", .subdevGetFormat),
            ("VIDIOC_QUERYCAP", .queryCapability),
        ] {
            #expect(try #require(UAPIIoctl.named(name)).number == request.number, "\(name)")
        }
        // The documented x86_64 value of one, and its decoded direction and size.
        let topology = try #require(UAPIIoctl.named("MEDIA_IOC_G_TOPOLOGY"))
        #expect(topology.number == 0xc048_7c04 && topology.direction == .inOut && topology.size == 0x48)
        #expect(UAPIIoctl.named("VIDIOC_QUERYCAP")?.direction == .out)
        #expect(UAPIIoctl.named("VIDIOC_STREAMON")?.direction == .in)
        #expect(Set(UAPIIoctls.all.map(\.name)).count == UAPIIoctls.all.count)
    }

    @Test func everyIoctlIsACellOrExcludedWithAReason() {
        let withoutPoint = Set(UAPIIoctls.all.filter { PinnedIoctl.points(of: $0).isEmpty }.map(\.name))
        #expect(withoutPoint == Set(PinExclusions.reasons.keys))
        #expect(PinExclusions.reasons.values.allSatisfy { !$0.isEmpty })
        let cells = UAPIIoctls.all.reduce(0) { $0 + PinnedIoctl.points(of: $1).count }
        #expect(cells > 150, "\(cells) cells")
        for name in ["MEDIA_IOC_G_TOPOLOGY", "MEDIA_IOC_ENUM_LINKS", "VIDIOC_G_EXT_CTRLS", "VIDIOC_S_EXT_CTRLS", "VIDIOC_TRY_EXT_CTRLS"] {
            #expect(UAPIIoctl.named(name).map { PinnedIoctl.points(of: $0) } == [.in, .out, .inner], "\(name)")
        }
    }

    @Test func nodeKindsFollowTheKernelsDispatch() {
        #expect(UAPIIoctl.named("MEDIA_IOC_SETUP_LINK")?.nodeKinds == [.media])
        #expect(UAPIIoctl.named("VIDIOC_SUBDEV_G_ROUTING")?.nodeKinds == [.subdev])
        #expect(UAPIIoctl.named("VIDIOC_G_EXT_CTRLS")?.nodeKinds.prefix(2) == [.video, .subdev])
        #expect(UAPIIoctl.named("VIDIOC_REQBUFS")?.nodeKinds.contains(.subdev) == false)
        #expect(UAPIIoctl.named("MEDIA_REQUEST_IOC_QUEUE")?.nodeKinds == [])
    }

    @Test func spellings() throws {
        typealias Pin = PinnedIoctl
        let inner = try Pin.parse("VIDIOC_G_EXT_CTRLS:inner")
        #expect(inner.point == .inner && inner.nodeKind == .video && inner.rawValue == "VIDIOC_G_EXT_CTRLS:inner")
        #expect(try Pin.parse("MEDIA_IOC_ENUM_LINKS").point == .in)
        #expect(try Pin.parse("VIDIOC_SUBDEV_G_SELECTION:out").nodeKind == .subdev)
        #expect(try Pin.parse("video-fmt") == Pin.parse("VIDIOC_G_FMT:in"))
        #expect(Pin.videoFormat.rawValue == "video-fmt" && Pin.topology.ioctl.name == "MEDIA_IOC_G_TOPOLOGY")
        let failures: [(String, String)] = [
            ("VIDIOC_NOPE", "unknown ioctl 'VIDIOC_NOPE': give a name of linux/media.h, videodev2.h or v4l2-subdev.h"),
            ("VIDIOC_G_FMT:sideways", "unknown park point 'sideways' in 'VIDIOC_G_FMT:sideways': in, out, inner or out+dmabuf"),
            ("VIDIOC_QUERYCAP", "VIDIOC_QUERYCAP:in cannot be parked: the kernel does not copy its argument in (_IOR): park it at :out"),
            ("VIDIOC_STREAMON:out", "VIDIOC_STREAMON:out cannot be parked: the kernel does not copy a result out (_IOW): park it at :in"),
            ("VIDIOC_G_FMT:inner", "VIDIOC_G_FMT:inner cannot be parked: its argument has no user pointer the kernel follows"),
            ("MEDIA_REQUEST_IOC_QUEUE", "MEDIA_REQUEST_IOC_QUEUE:in cannot be parked: it is issued on request descriptors"),
            ("VIDIOC_LOG_STATUS", "VIDIOC_LOG_STATUS:in cannot be parked: it takes no argument (_IO)"),
        ]
        for (text, message) in failures {
            #expect(throws: PinSpellingError.self) { try Pin.parse(text) }
            do {
                _ = try Pin.parse(text)
            } catch {
                #expect(error.message.hasPrefix(message), "\(error.message)")
            }
        }
    }

    @Test func reportsKeepTheSpellingAsTyped() throws {
        let pins = [PinnedIoctl.subdevFormat, try .parse("MEDIA_IOC_G_TOPOLOGY:inner")]
        let json = try JSONEncoder().encode(pins)
        #expect(String(decoding: json, as: UTF8.self) == #"["subdev-fmt","MEDIA_IOC_G_TOPOLOGY:inner"]"#)
        let decoded = try JSONDecoder().decode([PinnedIoctl].self, from: json)
        #expect(decoded == pins && decoded.map(\.rawValue) == ["subdev-fmt", "MEDIA_IOC_G_TOPOLOGY:inner"])
    }

    @Test func innerArgumentsAimTheirPointerAtTheParkedPage() throws {
        let topology = PinArgument(try .parse("MEDIA_IOC_G_TOPOLOGY:inner"), firstEntity: 7)
        // struct media_v2_topology: num_entities at 8, ptr_entities at 16 (linux/media.h).
        #expect(topology.innerPointer == 16 && topology.fields.map(\.offset) == [8])
        let links = PinArgument(try .parse("MEDIA_IOC_ENUM_LINKS:inner"), firstEntity: 7)
        // struct media_links_enum: entity at 0, pads at 8.
        #expect(links.innerPointer == 8 && links.fields.map(\.offset) == [0] && links.fields.map(\.value) == [7])
        let controls = PinArgument(try .parse("VIDIOC_S_EXT_CTRLS:inner"), firstEntity: 7)
        // struct v4l2_ext_controls: count at 4, controls at 24 on 64-bit.
        #expect(controls.innerPointer == 24 && controls.fields.map(\.offset) == [4] && controls.fields.map(\.value) == [1])
        #expect(PinArgument(.videoFormat, firstEntity: 7).fields.isEmpty)
        // :out of G_FMT names the capture type (V4L2_BUF_TYPE_VIDEO_CAPTURE = 1) at offset 0.
        let format = PinArgument(try .parse("VIDIOC_G_FMT:out"), firstEntity: 7)
        #expect(format.fields.map(\.offset) == [0] && format.fields.map(\.value) == [1])
    }
}
