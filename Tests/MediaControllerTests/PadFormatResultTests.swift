import MediaController
import Testing

@Suite struct PadFormatResultTests {
    static func result(asked: FrameFormat, got: FrameFormat) -> PadFormatResult {
        var result = PadFormatResult(pad: PadAddress(entityID: 1, index: 0))
        result.format = Adjusted(requested: asked, actual: got)
        return result
    }

    /// V4L2's numbers (videodev2.h) and media-ctl's names for them: field 1 none, 4
    /// interlaced; colorspace 8 srgb, 1 smpte170m; xfer 1 709, 2 srgb; ycbcr 1 601, 2 709;
    /// quantization 1 full-range, 2 lim-range.
    @Test func namesEveryColorimetryFieldTheDriverChanged() {
        let asked = FrameFormat(
            code: 0x100a, width: 640, height: 480, field: 1, colorspace: 8, ycbcrEncoding: 1, quantization: 1,
            transferFunction: 1)
        let got = FrameFormat(
            code: 0x100a, width: 640, height: 480, field: 4, colorspace: 1, ycbcrEncoding: 2, quantization: 2,
            transferFunction: 2)
        #expect(Self.result(asked: asked, got: got).adjustments == [
            "field none -> interlaced", "colorspace srgb -> smpte170m", "xfer 709 -> srgb", "ycbcr 601 -> 709",
            "quantization full-range -> lim-range",
        ])
    }

    @Test func whatWasNotAskedForIsNotAnAdjustment() {
        let asked = FrameFormat(code: 0x100a, width: 640, height: 480)
        let got = FrameFormat(
            code: 0x100a, width: 640, height: 480, field: 1, colorspace: 8, ycbcrEncoding: 1, quantization: 1,
            transferFunction: 1)
        #expect(Self.result(asked: asked, got: got).adjustments == [])
    }
}
