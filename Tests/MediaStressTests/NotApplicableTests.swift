import CLinuxMedia
import MediaController
import SystemPackage
import Testing

@testable import MediaStress

/// Not-applicable carries its class: the kernel refused, the device lacks it, or the tool
/// did not build the state. A `tool` cell is a gap of ours, so nothing may hide in it and
/// nothing of ours may hide as `kernel`.
@Suite struct NotApplicableTests {
    static func pin(_ name: String) throws -> PinnedIoctl { try PinnedIoctl.parse(name) }

    @Test func theClassSurvivesTheEnginesError() {
        let error = NotApplicable.error(
            .kernel, errno: .invalidArgument, function: "subdev_do_ioctl", path: "/dev/v4l-subdev0", operation: "park X",
            detail: "it returned before reaching its park point")
        #expect(NotApplicable(error) == NotApplicable(.kernel, errno: "EINVAL", function: "subdev_do_ioctl"))
        #expect(NotApplicable.untagged(error.description) == "park X /dev/v4l-subdev0: Invalid argument (EINVAL); it returned before reaching its park point")
        #expect(NotApplicable(MediaError(code: .openFailed, path: "/dev/video0", operation: "open")) == nil)
        #expect(NotApplicable(.kernel, errno: "ENOTTY", function: "__video_do_ioctl").brief == "kernel: ENOTTY in __video_do_ioctl")
        #expect(NotApplicable(.device).brief == "device")
    }

    /// ENOTTY is the node's dispatcher refusing an ioctl it lacks, on every kind.
    @Test func enottyIsTheKernelsAtTheNodesDispatcher() throws {
        let enotty = Errno.inappropriateIOCTLForDevice
        #expect(PinRefusal.classify(try Self.pin("VIDIOC_G_CROP:out"), errno: enotty, argumentBuilt: false).function == "__video_do_ioctl")
        #expect(PinRefusal.classify(try Self.pin("VIDIOC_SUBDEV_G_CROP:out"), errno: enotty, argumentBuilt: false).function == "subdev_do_ioctl")
        #expect(PinRefusal.classify(try Self.pin("VIDIOC_G_CROP:out"), errno: enotty, argumentBuilt: false).cause == .kernel)
    }

    /// EINVAL on a zeroed argument the kernel reads, with no recipe, is the tool's; on a
    /// built argument the kernel's; SUBDEV_ENUMSTD's EINVAL is subdev_do_ioctl's own.
    @Test func einvalIsTheToolsUnlessTheArgumentWasBuilt() throws {
        let einval = Errno.invalidArgument
        let parm = try Self.pin("VIDIOC_G_PARM:out")
        #expect(!PinArgument(parm, firstEntity: 1).built)
        #expect(PinRefusal.classify(parm, errno: einval, argumentBuilt: false) == NotApplicable(.tool, errno: "EINVAL"))
        #expect(PinRefusal.classify(parm, errno: einval, argumentBuilt: true) == NotApplicable(.kernel, errno: "EINVAL"))
        let enumstd = try Self.pin("VIDIOC_SUBDEV_ENUMSTD:out")
        #expect(PinRefusal.classify(enumstd, errno: einval, argumentBuilt: true) == NotApplicable(.kernel, errno: "EINVAL", function: "subdev_do_ioctl"))
        #expect(PinRefusal.classify(try Self.pin("VIDIOC_G_STD:out"), errno: .noData, argumentBuilt: false).cause == .kernel)
    }

    /// `_IOR` arguments are not read: built as zeros, but DQEVENT, which needs an event.
    @Test func whatAZeroedArgumentDescribes() throws {
        #expect(PinArgument(try Self.pin("VIDIOC_G_STD:out"), firstEntity: 1).built)
        #expect(!PinArgument(try Self.pin("VIDIOC_DQEVENT:out"), firstEntity: 1).built)
        #expect(PinArgument(try Self.pin("VIDIOC_SUBDEV_ENUMSTD:out"), firstEntity: 1).built)
        #expect(PinArgument(try Self.pin("VIDIOC_G_FMT:out"), firstEntity: 1).built)
        #expect(!PinArgument(try Self.pin("VIDIOC_QBUF:out"), firstEntity: 1).built)
        var buffer = v4l2_buffer()
        buffer.index = 7
        let image = PinArgument(image: buffer)
        #expect(image.built && image.image.count == MemoryLayout<v4l2_buffer>.size && image.image[0] == 7)
        // Bytes are taken as they are (an array's bytes, not the array's reference).
        #expect(PinArgument(bytes: [0, 0, 0, 0, 1, 0, 0, 0]).image == [0, 0, 0, 0, 1, 0, 0, 0])
    }

    @Test func theTallySaysWhose() throws {
        var report = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12", cells: [])
        let cell = SweepCell(pin: try Self.pin("VIDIOC_G_CROP:out"))
        report.rows = [SweepRow(cell: cell, notApplicable: "no vbi node"), SweepRow(cell: cell, notApplicable: "no radio node")]
        report.rows[1].notApplicable = NotApplicable(.tool)
        #expect(report.tallyText == "2 not-applicable (1 device, 1 tool)")
        #expect(report.notApplicable(.tool).count == 1)
    }

    /// On a transmitter the buffer type is the output one, at the type field of each
    /// ioctl that checks it; on a receiver the capture one.
    @Test func theBufferTypeFollowsTheNodesDirection() throws {
        let output = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        let reqbufs = PinArgument(try Self.pin("VIDIOC_REQBUFS:out@video-out"), firstEntity: 1)
        #expect(reqbufs.fields.contains { $0.offset == Int(CLinuxMedia_requestbuffers_type) && $0.value == output })
        #expect(reqbufs.fields.contains { $0.offset == Int(CLinuxMedia_requestbuffers_memory) && $0.value == V4L2_MEMORY_MMAP.rawValue })
        let format = PinArgument(try Self.pin("VIDIOC_G_FMT:out@vbi-out"), firstEntity: 1)
        #expect(format.fields.map(\.value) == [V4L2_BUF_TYPE_VBI_OUTPUT.rawValue])
        let capture = PinArgument(try Self.pin("VIDIOC_ENUM_FMT:out"), firstEntity: 1)
        #expect(capture.fields.map(\.value) == [V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue])
    }
}
