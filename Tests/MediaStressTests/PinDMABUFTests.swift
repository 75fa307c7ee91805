import Testing

@testable import MediaStress

/// `:out+dmabuf`: the buffer ioctls parked at their copy-out on buffers of DMABUF memory.
@Suite struct PinDMABUFTests {
    @Test func theBufferIoctlsTakeDMABUFAtTheirCopyOut() throws {
        let queue = try PinnedIoctl.parse("VIDIOC_QBUF:out+dmabuf")
        #expect(queue.dmabuf && queue.point == .out && queue.nodeKind == .video && queue.rawValue == "VIDIOC_QBUF:out+dmabuf")
        let output = try PinnedIoctl.parse("VIDIOC_DQBUF:out+dmabuf@video-out")
        #expect(output.dmabuf && output.nodeKind == .videoOut)
        // Not the same cell as its MMAP one.
        #expect(try PinnedIoctl.parse("VIDIOC_QBUF:out") != queue)
        #expect(try !PinnedIoctl.parse("VIDIOC_QBUF:out").dmabuf)
    }

    @Test func otherIoctlsAndPointsRefuseDMABUFInOneLine() {
        for spelling in ["VIDIOC_QUERYBUF:out+dmabuf", "VIDIOC_QBUF:in+dmabuf", "VIDIOC_QBUF:dmabuf"] {
            #expect(throws: PinSpellingError.self, "\(spelling)") { try PinnedIoctl.parse(spelling) }
        }
    }

    @Test func theSweepHasADMABUFCellAfterEachMMAPOne() {
        #expect(SweepCell.all(matching: ["VIDIOC_PREPARE_BUF:out*"]).map(\.name) == [
            "VIDIOC_PREPARE_BUF:out", "VIDIOC_PREPARE_BUF:out@vbi", "VIDIOC_PREPARE_BUF:out@swradio",
            "VIDIOC_PREPARE_BUF:out@touch", "VIDIOC_PREPARE_BUF:out@video-out", "VIDIOC_PREPARE_BUF:out@vbi-out",
            "VIDIOC_PREPARE_BUF:out@swradio-tx", "VIDIOC_PREPARE_BUF:out+dmabuf", "VIDIOC_PREPARE_BUF:out+dmabuf@vbi",
            "VIDIOC_PREPARE_BUF:out+dmabuf@swradio", "VIDIOC_PREPARE_BUF:out+dmabuf@touch",
            "VIDIOC_PREPARE_BUF:out+dmabuf@video-out", "VIDIOC_PREPARE_BUF:out+dmabuf@vbi-out",
            "VIDIOC_PREPARE_BUF:out+dmabuf@swradio-tx",
        ])
        // The cell round-trips through its name (the sweep's state stores names).
        #expect(SweepCell.named("VIDIOC_DQBUF:out+dmabuf")?.pin?.dmabuf == true)
    }
}
