import Foundation
import Testing

@testable import MediaController

/// Expectations come from outside our own table: the kernel UAPI header
/// <linux/media-bus-format.h> / <linux/videodev2.h> (Debian 12, linux-libc-dev 6.1)
/// and the output of media-ctl 1.22.1 itself (`--known-mbus-fmts`, `-h`, and what
/// `-p`/`-v -V` printed against a faked device).
@Suite struct FormatNamesTests {
    // MARK: Media bus codes

    /// `#define MEDIA_BUS_FMT_<name> <value>` lines copied from <linux/media-bus-format.h>.
    static let headerSample: [(String, UInt32)] = [
        ("RGB888_1X24", 0x100a),
        ("SRGGB8_1X8", 0x3014),
        ("RGB565_1X16", 0x1017),
        ("ARGB8888_1X32", 0x100d),
        ("RGB888_1X32_PADHI", 0x100f),
        ("RGB101010_1X30", 0x1018),
        ("Y8_1X8", 0x2001),
        ("YUYV8_1_5X8", 0x2004),
        ("YUYV8_2X8", 0x2008),
        ("UYVY8_1X16", 0x200f),
        ("Y10_2X8_PADHI_LE", 0x202c),
        ("YUV16_1X48", 0x202a),
        ("SBGGR10_ALAW8_1X8", 0x3015),
        ("SBGGR10_1X10", 0x3007),
        ("SGRBG16_1X16", 0x301f),
        ("JPEG_1X8", 0x4001),
        ("S5C_UYVY_JPEG_1X8", 0x5001),
        ("AHSV8888_1X32", 0x6001),
        ("FIXED", 0x0001),
    ]

    @Test(arguments: headerSample)
    func mbusNameMatchesHeader(name: String, code: UInt32) {
        #expect(FormatNames.mbusCodeName(code) == name)
        #expect(FormatNames.mbusCode(named: name) == code)
    }

    /// Codes in the 6.1 header that 1.22.1 predates, plus codes nobody defines:
    /// media-ctl printed `[fmt:unknown/...` for such a code.
    @Test(arguments: [UInt32(0x7001), 0x101e, 0x101f, 0x1020, 0x1021, 0, 0x9999, 0xffff_ffff])
    func unknownMbusCode(code: UInt32) {
        #expect(FormatNames.mbusCodeName(code) == "unknown")
    }

    @Test(arguments: FormatNames.knownMbusFormats.map { ($0.name, $0.code) })
    func mbusRoundTrip(name: String, code: UInt32) {
        #expect(FormatNames.mbusCode(named: name) == code)
        #expect(FormatNames.mbusCodeName(code) == name)
        #expect(FormatNames.mbusCodeName(FormatNames.mbusCode(named: name) ?? 0) == name)
    }

    @Test func tableHasNoDuplicates() {
        let table = FormatNames.knownMbusFormats
        #expect(table.count == 109)  // lines printed by `media-ctl --known-mbus-fmts` 1.22.1
        #expect(Set(table.map(\.name)).count == table.count)
        #expect(Set(table.map(\.code)).count == table.count)
    }

    /// What `media-ctl -v -V '1:0[fmt:<alias>/1x1]'` logged as "Setting up format <name>".
    static let aliasesSeenInMediaCtl: [(String, String)] = [
        ("Y8", "Y8_1X8"), ("Y10", "Y10_1X10"), ("Y12", "Y12_1X12"), ("YUYV", "YUYV8_1X16"),
        ("YUYV1_5X8", "YUYV8_1_5X8"), ("YUYV2X8", "YUYV8_2X8"), ("UYVY", "UYVY8_1X16"),
        ("UYVY1_5X8", "UYVY8_1_5X8"), ("UYVY2X8", "UYVY8_2X8"), ("VUY24", "VUY8_1X24"),
        ("SBGGR8", "SBGGR8_1X8"), ("SGBRG8", "SGBRG8_1X8"), ("SGRBG8", "SGRBG8_1X8"), ("SRGGB8", "SRGGB8_1X8"),
        ("SBGGR10", "SBGGR10_1X10"), ("SGBRG10", "SGBRG10_1X10"), ("SGRBG10", "SGRBG10_1X10"),
        ("SRGGB10", "SRGGB10_1X10"), ("SBGGR10_DPCM8", "SBGGR10_DPCM8_1X8"),
        ("SGBRG10_DPCM8", "SGBRG10_DPCM8_1X8"), ("SGRBG10_DPCM8", "SGRBG10_DPCM8_1X8"),
        ("SRGGB10_DPCM8", "SRGGB10_DPCM8_1X8"), ("SBGGR12", "SBGGR12_1X12"), ("SGBRG12", "SGBRG12_1X12"),
        ("SGRBG12", "SGRBG12_1X12"), ("SRGGB12", "SRGGB12_1X12"), ("AYUV32", "AYUV8_1X32"),
        ("RBG24", "RBG888_1X24"), ("RGB32", "RGB888_1X32_PADHI"), ("ARGB32", "ARGB8888_1X32"),
        ("FIXED", "FIXED"),
    ]

    @Test(arguments: aliasesSeenInMediaCtl)
    func aliasParsesToCanonicalCode(alias: String, printed: String) throws {
        let code = try #require(FormatNames.mbusCode(named: alias))
        #expect(FormatNames.mbusCodeName(code) == printed)
    }

    /// media-ctl answered "Invalid pixel code" for each of these.
    @Test(arguments: ["0x3001", "12289", "sbggr8_1x8", "Y16", "SBGGR14", "RGB24", "unknown", "", " SBGGR8_1X8"])
    func rejectedMbusName(name: String) {
        #expect(FormatNames.mbusCode(named: name) == nil)
    }

    // MARK: Field and colorimetry names

    /// The value lists of `media-ctl -h`, which prints each table from its first
    /// enum value to the last one 1.22 knows (V4L2_FIELD_INTERLACED_BT = 9,
    /// V4L2_COLORSPACE_DCI_P3 = 12, V4L2_XFER_FUNC_SMPTE2084 = 7,
    /// V4L2_QUANTIZATION_LIM_RANGE = 2, V4L2_YCBCR_ENC_SMPTE240M = 8).
    static let helpFields = ["any", "none", "top", "bottom", "interlaced", "seq-tb", "seq-bt", "alternate",
                             "interlaced-tb", "interlaced-bt"]
    static let helpColorspaces = ["default", "smpte170m", "smpte240m", "rec709", "unknown", "470m", "470bg",
                                  "jpeg", "srgb", "oprgb", "bt2020", "raw", "dcip3"]
    static let helpTransferFunctions = ["default", "709", "srgb", "oprgb", "smpte240m", "none", "dcip3", "smpte2084"]
    static let helpQuantizations = ["default", "full-range", "lim-range"]
    static let helpYcbcrEncodings = ["default", "601", "709", "xv601", "xv709", "unknown", "bt2020", "bt2020c",
                                     "smpte240m"]

    @Test func namesMatchHelpListing() {
        for (value, name) in Self.helpFields.enumerated() {
            #expect(FormatNames.fieldName(UInt32(value)) == name)
        }
        for (value, name) in Self.helpColorspaces.enumerated() {
            #expect(FormatNames.colorspaceName(UInt32(value)) == name)
        }
        for (value, name) in Self.helpTransferFunctions.enumerated() {
            #expect(FormatNames.transferFunctionName(UInt16(value)) == name)
        }
        for (value, name) in Self.helpQuantizations.enumerated() {
            #expect(FormatNames.quantizationName(UInt16(value)) == name)
        }
        for (value, name) in Self.helpYcbcrEncodings.enumerated() {
            #expect(FormatNames.ycbcrEncodingName(UInt16(value)) == name)
        }
    }

    @Test func namesRoundTripThroughParser() {
        for (value, name) in Self.helpFields.enumerated() {
            #expect(FormatNames.field(named: name) == UInt32(value))
        }
        for (value, name) in Self.helpColorspaces.enumerated() where name != "unknown" {
            #expect(FormatNames.colorspace(named: name) == UInt32(value))
        }
        for (value, name) in Self.helpTransferFunctions.enumerated() {
            #expect(FormatNames.transferFunction(named: name) == UInt16(value))
        }
        for (value, name) in Self.helpQuantizations.enumerated() {
            #expect(FormatNames.quantization(named: name) == UInt16(value))
        }
        for (value, name) in Self.helpYcbcrEncodings.enumerated() where name != "unknown" {
            #expect(FormatNames.ycbcrEncoding(named: name) == UInt16(value))
        }
    }

    /// Past each table's end, and the holes 1.22 leaves (V4L2_COLORSPACE_BT878 = 4,
    /// V4L2_YCBCR_ENC_SYCC = 5): `-p` printed `field:unknown`, `colorspace:unknown`,
    /// `xfer:unknown`, `ycbcr:unknown`, `quantization:unknown`.
    @Test func unknownFallbacks() {
        #expect(FormatNames.fieldName(10) == "unknown")
        #expect(FormatNames.fieldName(42) == "unknown")
        #expect(FormatNames.colorspaceName(4) == "unknown")
        #expect(FormatNames.colorspaceName(13) == "unknown")
        #expect(FormatNames.transferFunctionName(8) == "unknown")
        #expect(FormatNames.transferFunctionName(99) == "unknown")
        #expect(FormatNames.ycbcrEncodingName(5) == "unknown")
        #expect(FormatNames.ycbcrEncodingName(9) == "unknown")
        #expect(FormatNames.quantizationName(3) == "unknown")
        #expect(FormatNames.quantizationName(7) == "unknown")
    }

    /// `-V` compares these names with strcasecmp and rejects "unknown"/"bt878"/numbers.
    @Test func parserCaseAndRejections() {
        #expect(FormatNames.field(named: "Interlaced-TB") == 8)
        #expect(FormatNames.field(named: "NONE") == 1)
        #expect(FormatNames.colorspace(named: "DEFAULT") == 0)
        #expect(FormatNames.colorspace(named: "SRGB") == 8)
        #expect(FormatNames.transferFunction(named: "OPRGB") == 3)
        #expect(FormatNames.ycbcrEncoding(named: "XV709") == 4)
        #expect(FormatNames.quantization(named: "Lim-Range") == 2)
        #expect(FormatNames.field(named: "weird") == nil)
        #expect(FormatNames.colorspace(named: "unknown") == nil)
        #expect(FormatNames.colorspace(named: "bt878") == nil)
        #expect(FormatNames.colorspace(named: "8") == nil)
        #expect(FormatNames.transferFunction(named: "unknown") == nil)
        #expect(FormatNames.ycbcrEncoding(named: "sycc") == nil)
        #expect(FormatNames.quantization(named: "") == nil)
        // The Kelvin sign is canonically equivalent to "K" in Swift, not to strcasecmp.
        #expect(FormatNames.field(named: "\u{212A}") == nil)
    }

    // MARK: Against the installed tools, when present

    static let mediaCtl = "/usr/bin/media-ctl"
    static let header = "/usr/include/linux/media-bus-format.h"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: mediaCtl)))
    func listingMatchesInstalledMediaCtl() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.mediaCtl)
        process.arguments = ["--version"]
        let versionPipe = Pipe()
        process.standardOutput = versionPipe
        try process.run()
        process.waitUntilExit()
        let version = String(decoding: versionPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard version == "media-ctl 1.22.1\n" else { return }  // another release lists other codes

        let listing = Process()
        listing.executableURL = URL(fileURLWithPath: Self.mediaCtl)
        listing.arguments = ["--known-mbus-fmts"]
        let pipe = Pipe()
        listing.standardOutput = pipe
        try listing.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        listing.waitUntilExit()
        #expect(output == FormatNames.knownMbusFormatsListing())
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: header)))
    func everyKnownNameAgreesWithHeader() throws {
        let text = try String(contentsOfFile: Self.header, encoding: .utf8)
        var defined: [String: UInt32] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[0] == "#define", words[1].hasPrefix("MEDIA_BUS_FMT_"),
                  words[2].hasPrefix("0x"), let value = UInt32(words[2].dropFirst(2), radix: 16)
            else { continue }
            defined[String(words[1].dropFirst("MEDIA_BUS_FMT_".count))] = value
        }
        #expect(defined.count > 100)
        for entry in FormatNames.knownMbusFormats {
            #expect(defined[entry.name] == entry.code, "\(entry.name)")
        }
        #expect(defined["FIXED"] == FormatNames.mbusCode(named: "FIXED"))
    }
}
