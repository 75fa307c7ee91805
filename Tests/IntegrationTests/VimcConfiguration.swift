import MediaController

/// One configuration of vimc for `ValidateLaneTests`: which entity feeds the scaler, the
/// pad formats in the order they are set, and the capture formats. Made from a consistent
/// configuration (each sink as its source, each capture node as its pad) with up to three
/// random changes, so that both agreeing and disagreeing links are common.
struct VimcConfiguration: CustomStringConvertible {
    struct PadFormat {
        var entity: String
        var index: UInt32
        var format: FrameFormat
    }

    struct CaptureFormat {
        var entity: String
        var format: PixelFormat
    }

    /// The entity whose link into "Scaler":0 is enabled; nil: none.
    var feed: String?
    var pads: [PadFormat]
    var captures: [CaptureFormat]
    /// What was changed from the consistent configuration, for failure messages.
    var changes: [String] = []

    /// Codes the generator uses, with the pixel format a capture node of the same data
    /// has (videodev2.h names): the generator's own choice, not validate's table.
    static let bayer: [(code: String, fourcc: String)] = [
        ("SRGGB8_1X8", "RGGB"), ("SGRBG8_1X8", "GRBG"), ("SBGGR8_1X8", "BA81"), ("SRGGB10_1X10", "RG10"),
    ]
    static let rgb: [(code: String, fourcc: String)] = [("RGB888_1X24", "RGB3"), ("BGR888_1X24", "BGR3")]
    static let sizes: [(UInt32, UInt32)] = [(640, 480), (320, 240), (160, 120)]
    /// V4L2_FIELD_NONE, TOP, BOTTOM, INTERLACED.
    static let fields: [UInt32] = [1, 2, 3, 4]
    /// DEFAULT, REC709, SRGB, RAW.
    static let colorspaces: [UInt32] = [0, 3, 8, 11]

    var description: String {
        "feed \(feed ?? "none")" + (changes.isEmpty ? "" : "; " + changes.joined(separator: "; "))
    }

    static func code(_ name: String) -> UInt32 { FormatNames.mbusCode(named: name) ?? 0 }

    /// A consistent configuration, then 0 to 3 random changes.
    static func random(using random: inout some RandomNumberGenerator) -> VimcConfiguration {
        func pick<Element>(_ elements: [Element]) -> Element { elements[Int.random(in: 0..<elements.count, using: &random)] }
        let (codeA, codeB, input) = (pick(bayer), pick(bayer), pick(rgb))
        let (sizeA, sizeB, sizeIn, sizeOut) = (pick(sizes), pick(sizes), pick(sizes), pick(sizes))
        let feed = pick(["Debayer A", "Debayer A", "Debayer A", "Debayer B", "RGB/YUV Input", "none"])
        let scalerIn = feed == "Debayer B" ? sizeB : feed == "RGB/YUV Input" ? sizeIn : sizeA
        let scalerCode = feed == "RGB/YUV Input" ? input.code : "RGB888_1X24"
        func bus(_ code: String, _ size: (UInt32, UInt32)) -> FrameFormat {
            FrameFormat(code: Self.code(code), width: size.0, height: size.1, field: 1, colorspace: 8)
        }
        func pixels(_ fourcc: String, _ size: (UInt32, UInt32)) -> PixelFormat {
            PixelFormat(width: size.0, height: size.1, pixelFormat: PixelFormat.fourcc(fourcc), field: 1, colorspace: 8)
        }
        var configuration = VimcConfiguration(
            feed: feed == "none" ? nil : feed,
            pads: [
                PadFormat(entity: "Sensor A", index: 0, format: bus(codeA.code, sizeA)),
                PadFormat(entity: "Sensor B", index: 0, format: bus(codeB.code, sizeB)),
                PadFormat(entity: "Debayer A", index: 0, format: bus(codeA.code, sizeA)),
                PadFormat(entity: "Debayer B", index: 0, format: bus(codeB.code, sizeB)),
                PadFormat(entity: "RGB/YUV Input", index: 0, format: bus(input.code, sizeIn)),
                PadFormat(entity: "Scaler", index: 0, format: bus(scalerCode, scalerIn)),
                PadFormat(entity: "Scaler", index: 1, format: bus(scalerCode, sizeOut)),
            ],
            captures: [
                CaptureFormat(entity: "Raw Capture 0", format: pixels(codeA.fourcc, sizeA)),
                CaptureFormat(entity: "Raw Capture 1", format: pixels(codeB.fourcc, sizeB)),
                CaptureFormat(
                    entity: "RGB/YUV Capture",
                    format: pixels(feed == "RGB/YUV Input" ? input.fourcc : "RGB3", sizeOut)),
            ])
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            if Bool.random(using: &random) {
                let index = Int.random(in: 0..<configuration.pads.count, using: &random)
                let what = change(&configuration.pads[index].format, using: &random) { format, random in
                    let code = Self.pick(bayer + rgb, using: &random).code
                    format.code = Self.code(code)
                    return "code \(code)"
                }
                let pad = configuration.pads[index]
                configuration.changes.append("\"\(pad.entity)\":\(pad.index) \(what)")
            } else {
                let index = Int.random(in: 0..<configuration.captures.count, using: &random)
                let what = change(&configuration.captures[index].format, using: &random) { format, random in
                    let fourcc = Self.pick(bayer + rgb, using: &random).fourcc
                    format.pixelFormat = PixelFormat.fourcc(fourcc)
                    return "pixelformat \(fourcc)"
                }
                configuration.changes.append("\"\(configuration.captures[index].entity)\" \(what)")
            }
        }
        return configuration
    }

    static func pick<Element>(_ elements: [Element], using random: inout some RandomNumberGenerator) -> Element {
        elements[Int.random(in: 0..<elements.count, using: &random)]
    }

    /// One random change to a pad or capture format: case 0 changes its data format
    /// (`data`: the media bus code or the pixel format), the others a field both kinds have.
    /// Returns what changed, for failure messages.
    static func change<Format: ChangeableFormat, Random: RandomNumberGenerator>(
        _ format: inout Format, using random: inout Random, data: (inout Format, inout Random) -> String
    ) -> String {
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            return data(&format, &random)
        case 1:
            let size = pick(sizes, using: &random)
            (format.width, format.height) = size
            return "size \(size.0)x\(size.1)"
        case 2:
            format.field = pick(fields, using: &random)
            return "field \(format.field)"
        case 3:
            format.colorspace = pick(colorspaces, using: &random)
            return "colorspace \(format.colorspace)"
        default:
            format.quantizationValue = Int.random(in: 0...2, using: &random)
            return "quantization \(format.quantizationValue)"
        }
    }
}

/// The fields a pad format and a capture format share, for `VimcConfiguration.change`.
protocol ChangeableFormat {
    var width: UInt32 { get set }
    var height: UInt32 { get set }
    var field: UInt32 { get set }
    var colorspace: UInt32 { get set }
    /// `quantization`, a UInt16 on a pad and a UInt32 on a capture node.
    var quantizationValue: Int { get set }
}

extension FrameFormat: ChangeableFormat {
    var quantizationValue: Int {
        get { Int(quantization) }
        set { quantization = UInt16(newValue) }
    }
}

extension PixelFormat: ChangeableFormat {
    var quantizationValue: Int {
        get { Int(quantization) }
        set { quantization = UInt32(newValue) }
    }
}
