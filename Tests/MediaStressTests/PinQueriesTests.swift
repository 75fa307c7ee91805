import CLinuxMedia
import Testing

@testable import MediaStress

/// The arguments `--pin NAME:out` builds for the query ioctls from what the node answered
/// (recorded here as vimc's, vivid's and visl's nodes answer on 6.12). Expected offsets
/// are read off the UAPI headers (x86_64), values off the header constants.
@Suite struct PinQueriesTests {
    /// vimc's capture node: device caps VIDEO_CAPTURE | STREAMING | IO_MC, RGB24 first in
    /// ENUM_FMT, sizes stepwise from 16x16 (vimc-common.h: VIMC_FRAME_MIN_WIDTH/HEIGHT).
    static var vimcCapture: NodeAnswers {
        var capability = v4l2_capability()
        capability.capabilities = 0x8420_0001 | 0x0400_0000
        capability.device_caps = 0x1000_0000 | 0x0400_0000 | 0x0000_0001
        var answers = NodeAnswers(capability: capability)
        var format = v4l2_fmtdesc()
        format.pixelformat = 0x3342_4752  // 'R' 'G' 'B' '3'
        answers.format = format
        var size = v4l2_frmsizeenum()
        size.type = 3  // V4L2_FRMSIZE_TYPE_STEPWISE
        size.stepwise.min_width = 16
        size.stepwise.max_width = 4096
        size.stepwise.min_height = 16
        size.stepwise.max_height = 2160
        answers.frameSize = size
        return answers
    }

    static func word(_ argument: PinArgument, _ offset: Int) -> UInt32 {
        argument.image[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func streamParametersAndCroppingTakeTheCaptureTypeOfQueryCap() {
        // struct v4l2_streamparm, v4l2_cropcap, v4l2_crop: __u32 type at 0; VIDEO_CAPTURE = 1.
        for name in ["VIDIOC_G_PARM", "VIDIOC_S_PARM", "VIDIOC_CROPCAP", "VIDIOC_G_CROP"] {
            let argument = PinQueries.recipe(name, kind: .video, Self.vimcCapture)
            #expect(Self.word(argument, 0) == 1, "\(name)")
            #expect(argument.built)
        }
    }

    @Test func frameIntervalsAskForTheFirstFormatAtItsSmallestSize() {
        // struct v4l2_frmivalenum: index 0, pixel_format 4, width 8, height 12.
        let argument = PinQueries.recipe("VIDIOC_ENUM_FRAMEINTERVALS", kind: .video, Self.vimcCapture)
        #expect([0, 4, 8, 12].map { Self.word(argument, $0) } == [0, 0x3342_4752, 16, 16])
    }

    @Test func frameIntervalsOfADiscreteSizeTakeIt() {
        var answers = Self.vimcCapture
        var size = v4l2_frmsizeenum()
        size.type = 1  // V4L2_FRMSIZE_TYPE_DISCRETE
        size.discrete.width = 640
        size.discrete.height = 360
        answers.frameSize = size
        let argument = PinQueries.recipe("VIDIOC_ENUM_FRAMEINTERVALS", kind: .video, answers)
        #expect([8, 12].map { Self.word(argument, $0) } == [640, 360])
    }

    @Test func selectionTakesTheTargetTheNodeAnsweredOrTheDefaultOne() {
        // struct v4l2_selection: type 0, target 4; V4L2_SEL_TGT_CROP 0, COMPOSE 0x100.
        var answers = Self.vimcCapture
        let none = PinQueries.recipe("VIDIOC_G_SELECTION", kind: .video, answers)
        #expect([0, 4].map { Self.word(none, $0) } == [1, 0])
        var answered = v4l2_selection()
        answered.type = 1  // G_SELECTION answers in the type it was asked with
        answered.target = 0x100
        answered.r.width = 640
        answers.selection = answered
        let set = PinQueries.recipe("VIDIOC_S_SELECTION", kind: .video, answers)
        // r (struct v4l2_rect: left, top, width, height) at 12: width at 20.
        #expect([0, 4, 20].map { Self.word(set, $0) } == [1, 0x100, 640])
    }

    @Test func anOutputNodeSelectsItsComposeTarget() {
        // vivid's video output: device caps VIDEO_OUTPUT (2) | STREAMING; VIDEO_OUTPUT = 2.
        var capability = v4l2_capability()
        capability.capabilities = 0x8000_0000 | 0x0400_0002
        capability.device_caps = 0x0400_0002
        let argument = PinQueries.recipe("VIDIOC_G_SELECTION", kind: .videoOut, NodeAnswers(capability: capability))
        #expect([0, 4].map { Self.word(argument, $0) } == [2, 0x100])
    }

    @Test func slicedVbiAndFrequencyBandsNameTheirTypes() {
        // struct v4l2_sliced_vbi_cap: service_set (u16), service_lines[2][24] (u16), type at
        // 100; V4L2_BUF_TYPE_SLICED_VBI_CAPTURE = 6. struct v4l2_frequency_band: tuner 0,
        // type 4; V4L2_TUNER_RADIO = 1, ANALOG_TV = 2.
        var capability = v4l2_capability()
        capability.device_caps = 0x0000_0010 | 0x0000_0040  // VBI_CAPTURE | SLICED_VBI_CAPTURE
        capability.capabilities = 0x8000_0000 | capability.device_caps
        let vbi = PinQueries.recipe("VIDIOC_G_SLICED_VBI_CAP", kind: .vbi, NodeAnswers(capability: capability))
        #expect(Self.word(vbi, 100) == 6)
        #expect(Self.word(PinQueries.recipe("VIDIOC_ENUM_FREQ_BANDS", kind: .radio, Self.vimcCapture), 4) == 1)
        #expect(Self.word(PinQueries.recipe("VIDIOC_ENUM_FREQ_BANDS", kind: .video, Self.vimcCapture), 4) == 2)
    }

    @Test func edidNamesTheInputWithDVTimings() {
        // struct v4l2_edid: pad 0, start_block 4, blocks 8. vivid's HDMI input is its fourth.
        var answers = Self.vimcCapture
        answers.edidPad = 3
        let argument = PinQueries.recipe("VIDIOC_S_EDID", kind: .video, answers)
        #expect([0, 4, 8].map { Self.word(argument, $0) } == [3, 0, 0])
    }

    @Test func subdevEnumerationsTakePadZerosFirstCodeAndSize() {
        // struct v4l2_subdev_frame_size_enum: index 0, pad 4, code 8; frame_interval_enum:
        // index, pad, code 8, width 12, height 16. MEDIA_BUS_FMT_RGB888_1X24 = 0x100a.
        var size = v4l2_subdev_frame_size_enum()
        size.code = 0x100a
        size.min_width = 16
        size.min_height = 16
        var answers = NodeAnswers(capability: v4l2_capability())
        answers.subdevSize = size
        #expect(Self.word(PinQueries.recipe("VIDIOC_SUBDEV_ENUM_FRAME_SIZE", kind: .subdev, answers), 8) == 0x100a)
        let interval = PinQueries.recipe("VIDIOC_SUBDEV_ENUM_FRAME_INTERVAL", kind: .subdev, answers)
        #expect([8, 12, 16].map { Self.word(interval, $0) } == [0x100a, 16, 16])
    }

    @Test func multiPlanarMem2memQueuesAreTheMplaneTypes() {
        // visl: device caps VIDEO_M2M_MPLANE (0x4000) | STREAMING; CAPTURE_MPLANE 9, OUTPUT_MPLANE 10.
        var capability = v4l2_capability()
        capability.device_caps = 0x0000_4000 | 0x0400_0000
        capability.capabilities = 0x8000_0000 | capability.device_caps
        let queue = PinQueue(capability)
        #expect(queue?.type == 9 && queue?.outputType == 10 && queue?.mem2mem == true && queue?.multiplanar == true)
        // vim2m's single-planar VIDEO_M2M (0x8000): CAPTURE 1 fed by OUTPUT 2.
        capability.device_caps = 0x0000_8000 | 0x0400_0000
        #expect(PinQueue(capability).map { [$0.type, $0.outputType] } == [1, 2])
    }

    @Test func aMultiPlanarBufferCarriesItsPlanesInTheParkedPage() {
        // struct v4l2_buffer is 88 bytes on x86_64, m (the planes pointer) at 64, length at
        // 72; struct v4l2_plane 64 bytes, bytesused at 0 and length at 4.
        var buffer = PlanarBuffer(type: 10, planes: 8)
        buffer.buffer.length = 2
        buffer.planes[0].length = 4096
        buffer.planes[1].length = 2048
        buffer.fill()
        let argument = buffer.argument
        #expect(argument.image.count == 88 + 2 * 64)
        #expect(argument.selfPointers.map { [$0.at, $0.target] } == [[64, 88]])
        #expect([72, 88, 92, 152, 156].map { Self.word(argument, $0) } == [2, 4096, 4096, 2048, 2048])
    }

    @Test func aSinglePlanarOutputBufferIsFullAndHasNoPlanes() {
        // VIDEO_OUTPUT = 2; bytesused at 8, length at 72.
        var buffer = PlanarBuffer(type: 2, planes: 0)
        buffer.buffer.length = 614_400
        buffer.fill()
        #expect(buffer.argument.image.count == 88 && buffer.argument.selfPointers.isEmpty)
        #expect(Self.word(buffer.argument, 8) == 614_400)
    }
}

/// The routing ioctls' argument: the TRY table with its route array in the parked page.
@Suite struct PinRoutingTests {
    @Test func getRoutingLeavesRoomForTheTableRightAfterTheStructure() {
        // struct v4l2_subdev_routing (64 bytes): which 0 (TRY = 0), len_routes 4, routes
        // (u64) 8, num_routes 16; struct v4l2_subdev_route 40 bytes.
        let argument = PinRouting.recipe("VIDIOC_SUBDEV_G_ROUTING", routes: [])
        #expect(argument.image.count == 64 + 16 * 40)
        #expect([0, 4, 16].map { PinQueriesTests.word(argument, $0) } == [0, 16, 0])
        #expect(argument.selfPointers.map { [$0.at, $0.target] } == [[8, 64]])
    }

    @Test func setRoutingSetsTheTableGetRoutingRead() {
        // mc_mux's default routing: 0/0 -> 2/0 and 1/0 -> 2/1, both ACTIVE (flag 1).
        var first = CLinuxMedia_v4l2_subdev_route()
        first.source_pad = 2
        first.flags = 1
        var second = first
        second.sink_pad = 1
        second.source_stream = 1
        let argument = PinRouting.recipe("VIDIOC_SUBDEV_S_ROUTING", routes: [first, second])
        // num_routes 2; route 1 at 64 + 40: sink_pad, sink_stream, source_pad, source_stream, flags.
        #expect(PinQueriesTests.word(argument, 16) == 2)
        #expect([104, 108, 112, 116, 120].map { PinQueriesTests.word(argument, $0) } == [1, 0, 2, 1, 1])
    }
}

extension PinQueriesTests {
    @Test func aSinglePlanarDMABUFBufferKeepsItsDescriptor() {
        // struct v4l2_buffer: memory at 60 (V4L2_MEMORY_DMABUF = 4), m.fd at 64. The first
        // VM run of VIDIOC_QBUF:out+dmabuf got EINVAL: the fd was cleared with m.planes.
        var buffer = PlanarBuffer(type: 1, planes: 0)
        buffer.buffer.memory = 4
        buffer.buffer.m.fd = 7
        #expect([60, 64].map { Self.word(buffer.argument, $0) } == [4, 7])
    }
}

extension PinQueriesTests {
    @Test func decoderCommandsTakeTheCommandTheDecoderTried() {
        // struct v4l2_decoder_cmd: cmd at 0; V4L2_DEC_CMD_START 0, FLUSH 4. visl (stateless)
        // takes only FLUSH; the first VM sweep of visl refused START with EINVAL.
        var answers = Self.vimcCapture
        #expect(Self.word(PinQueries.recipe("VIDIOC_DECODER_CMD", kind: .video, answers), 0) == 0)
        answers.decoderCommand = 4
        #expect(Self.word(PinQueries.recipe("VIDIOC_TRY_DECODER_CMD", kind: .video, answers), 0) == 4)
    }
}

extension PinQueriesTests {
    @Test func aSelectionAnsweredOnTheOutputQueueKeepsItsType() {
        // vicodec's encoder answers G_SELECTION only on its OUTPUT queue (type 2), target
        // CROP (0): the first VM sweep of vicodec asked the capture queue and got EINVAL.
        var answers = Self.vimcCapture
        var answered = v4l2_selection()
        answered.type = 2
        answered.target = 0
        answers.selection = answered
        let argument = PinQueries.recipe("VIDIOC_G_SELECTION", kind: .video, answers)
        #expect([0, 4].map { Self.word(argument, $0) } == [2, 0])
    }
}
