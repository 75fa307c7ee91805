import Testing

@testable import MediaStress

/// What `--pin NAME:out` puts in the argument so that the ioctl succeeds and reaches its
/// copy-out. Expected offsets and values are read off the 6.1/6.12 UAPI headers (x86_64).
@Suite struct PinArgumentTests {
    static func out(_ name: String) throws -> [String] {
        PinArgument(try .parse("\(name):out"), firstEntity: 7).fields.map { "\($0.offset)=\(String($0.value, radix: 16))" }
    }

    @Test func enumEntitiesAsksForTheFirstEntity() throws {
        // struct media_entity_desc: __u32 id at 0; MEDIA_ENT_ID_FLAG_NEXT is (1U << 31).
        #expect(try Self.out("MEDIA_IOC_ENUM_ENTITIES") == ["0=80000000"])
    }

    @Test func enumLinksLooksUpTheFirstEntityWithoutArrays() throws {
        // struct media_links_enum: __u32 entity at 0, then the pads and links pointers, left NULL.
        #expect(try Self.out("MEDIA_IOC_ENUM_LINKS") == ["0=80000000"])
    }

    @Test func formatIoctlsNameTheCaptureType() throws {
        // struct v4l2_format: __u32 type at 0; struct v4l2_fmtdesc: __u32 index, then type at 4.
        // V4L2_BUF_TYPE_VIDEO_CAPTURE = 1.
        for name in ["VIDIOC_G_FMT", "VIDIOC_S_FMT", "VIDIOC_TRY_FMT"] { #expect(try Self.out(name) == ["0=1"]) }
        #expect(try Self.out("VIDIOC_ENUM_FMT") == ["4=1"])
    }

    @Test func bufferIoctlsAskForZeroMmapBuffersOfTheCaptureType() throws {
        // struct v4l2_requestbuffers: count 0, type 4, memory 8; V4L2_MEMORY_MMAP = 1.
        #expect(Set(try Self.out("VIDIOC_REQBUFS")) == ["4=1", "8=1"])
        // struct v4l2_create_buffers: index 0, count 4, memory 8, struct v4l2_format at 16 (8-aligned).
        #expect(Set(try Self.out("VIDIOC_CREATE_BUFS")) == ["8=1", "16=1"])
    }

    @Test func enumFrameSizesAsksForRGB24() throws {
        // struct v4l2_frmsizeenum: index 0, pixel_format 4; V4L2_PIX_FMT_RGB24 = v4l2_fourcc('R', 'G', 'B', '3').
        #expect(try Self.out("VIDIOC_ENUM_FRAMESIZES") == ["4=33424752"])
    }

    @Test func otherOutCellsAndInCellsLeaveTheArgumentZero() throws {
        #expect(try Self.out("MEDIA_IOC_DEVICE_INFO").isEmpty && Self.out("VIDIOC_QUERYCAP").isEmpty)
        #expect(PinArgument(try .parse("MEDIA_IOC_ENUM_ENTITIES:in"), firstEntity: 7).fields.isEmpty)
    }
}
