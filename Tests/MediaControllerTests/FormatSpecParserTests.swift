import Testing

@testable import MediaController

/// media-ctl's `-V` syntax as 1.22 accepts it (space-separated properties), and errors.
@Suite struct FormatSpecParserTests {
    @Test func everyProperty() throws {
        let spec = try #require(
            try FormatSpecParser.parse(
                "\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb xfer:srgb ycbcr:601 "
                    + "quantization:full-range crop:(0,0)/640x480 compose:(2,-4)/320x240 @1/30]"
            ).first)
        #expect(spec.pad == PadReference(entity: .name("Scaler"), entityOffset: 0, index: 0, indexOffset: 9))
        #expect(spec.busFormat == .init(code: 0x100a, width: 640, height: 480))
        #expect(spec.field == 1)
        #expect(spec.colorspace == 8)
        #expect(spec.transferFunction == 2)
        #expect(spec.ycbcrEncoding == 1)
        #expect(spec.quantization == 1)
        #expect(spec.crop == Rectangle(left: 0, top: 0, width: 640, height: 480))
        #expect(spec.compose == Rectangle(left: 2, top: -4, width: 320, height: 240))
        #expect(spec.interval == Fraction(numerator: 1, denominator: 30))
        #expect(spec.frameFormat == FrameFormat(
            code: 0x100a, width: 640, height: 480, field: 1, colorspace: 8, ycbcrEncoding: 1, quantization: 1,
            transferFunction: 2))
        #expect(spec.propertyOffsets["fmt"] == 12)
    }

    @Test func onlyWhatIsGiven() throws {
        let spec = try #require(try FormatSpecParser.parse("'Sensor A':0[fmt:SRGGB8_1X8/320x240]").first)
        #expect(spec.busFormat == .init(code: 0x3014, width: 320, height: 240))
        #expect(spec.field == nil && spec.colorspace == nil && spec.crop == nil && spec.interval == nil)
        #expect(spec.frameFormat == FrameFormat(code: 0x3014, width: 320, height: 240))
    }

    /// Older spellings media-ctl keeps accepting.
    @Test(arguments: [
        ("2:0 [SGRBG8 640x480 (0,0)/10x10]", UInt32(0x3002), Rectangle(left: 0, top: 0, width: 10, height: 10)),
        ("2:0 [fmt:SBGGR8_1X8 1x1]", 0x3001, nil),
        ("2:0 [fmt: RGB888_1X24/640x 480 crop: (1,2)/3x4]", 0x100a, Rectangle(left: 1, top: 2, width: 3, height: 4)),
        ("2:0 [  fmt:YUYV/640x480  ]", 0x2011, nil),
    ])
    func legacySpellings(text: String, code: UInt32, crop: Rectangle?) throws {
        let spec = try #require(try FormatSpecParser.parse(text).first)
        #expect(spec.busFormat?.code == code)
        #expect(spec.crop == crop)
    }

    @Test func colorimetryNamesIgnoreCase() throws {
        let spec = try #require(try FormatSpecParser.parse("1:0 [fmt:FIXED/1x1 field:Interlaced-BT colorspace:SRGB]").first)
        #expect(spec.field == 9)
        #expect(spec.colorspace == 8)
        #expect(spec.busFormat?.code == 1)
    }

    @Test func intervalAllowsSpaces() throws {
        let spec = try #require(try FormatSpecParser.parse("1:0 [@ 1 / 60]").first)
        #expect(spec.interval == Fraction(numerator: 1, denominator: 60))
    }

    @Test func listOfPads() throws {
        let specs = try FormatSpecParser.parse("\"Sensor A\":0 [fmt:SRGGB8_1X8/640x480], \"Scaler\":1 [fmt:RGB888_1X24/1280x960]")
        #expect(specs.count == 2)
        #expect(specs[1].pad.entity == .name("Scaler"))
        #expect(specs[1].offset == 39)
    }

    @Test(arguments: [
        ("", "no format given", 1),
        ("\"Scaler\":0 fmt:RGB888_1X24/640x480", "expected '[' and the format after the pad, found 'f'", 12),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480, field:none]", "properties are separated by spaces, not commas", 36),
        ("\"Scaler\":0 [fmt:RGB999/640x480]", "unknown media bus code 'RGB999'", 17),
        ("\"Scaler\":0 [fmt:rgb888_1x24/640x480]", "unknown media bus code 'rgb888_1x24'", 17),
        ("\"Scaler\":0 [fmt:0x100a/640x480]", "unknown media bus code '0x100a'", 17),
        ("\"Scaler\":0 [fmt:RGB888_1X24]", "expected '/' and the frame size (WxH) after RGB888_1X24, found ']'", 28),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640*480]", "expected 'x' between width and height, found '*'", 32),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x]", "expected a height", 33),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:weird]", "unknown field order 'weird'", 43),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480 colorspace:unknown]", "unknown colorspace 'unknown'", 48),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480 crop:(0,0)/640]", "expected 'x' between width and height, found ']'", 51),
        ("\"Scaler\":0 [crop:(0;0)/640x480]", "expected ',' between left and top, found ';'", 20),
        ("\"Scaler\":0 [crop:0,0/640x480]", "expected '(' and the rectangle's left,top, found '0'", 18),
        ("\"Scaler\":0 [@0/30]", "the frame interval's numerator must not be 0", 14),
        ("\"Scaler\":0 [@1/0]", "the frame interval's denominator must not be 0", 16),
        ("\"Scaler\":0 [@1]", "expected '/' in the frame interval, found ']'", 15),
        ("\"Scaler\":0 [field:none]", "field: needs fmt: in the same brackets", 13),
        ("\"Scaler\":0 []", "nothing to set: give fmt:, crop:, compose: or @", 12),
        ("\"Scaler\":0 [size:640x480]", "expected ']' or a property (fmt:, field:, colorspace:, xfer:, ycbcr:, quantization:, crop:, compose:, @), found 's'", 13),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480] x", "expected ',' or the end after ']', found 'x'", 38),
    ])
    func errorsPointAtTheColumn(spec: String, message: String, column: Int) {
        let error = #expect(throws: PipelineSpecError.self) { try FormatSpecParser.parse(spec) }
        #expect(error?.message == message)
        #expect(error?.column == column)
    }

    /// What mediactl prints for a pad parses back to the same values.
    @Test func printedPropertiesParseBack() throws {
        let format = FrameFormat(
            code: 0x3014, width: 320, height: 240, field: 1, colorspace: 8, ycbcrEncoding: 1, quantization: 2,
            transferFunction: 2)
        let crop = Rectangle(left: 8, top: -2, width: 300, height: 200)
        let interval = Fraction(numerator: 1, denominator: 30)
        let text = FormatSpecText.properties(format: format, crop: crop, compose: crop, interval: interval)
        #expect(text == "fmt:SRGGB8_1X8/320x240 field:none colorspace:srgb xfer:srgb ycbcr:601 quantization:lim-range crop:(8,-2)/300x200 compose:(8,-2)/300x200 @1/30")
        let spec = try #require(try FormatSpecParser.parse("\"Sensor A\":0 [\(text)]").first)
        #expect(spec.frameFormat == format)
        #expect(spec.crop == crop)
        #expect(spec.compose == crop)
        #expect(spec.interval == interval)
    }
}
