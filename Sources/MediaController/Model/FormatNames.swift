// Names media-ctl (v4l-utils 1.22.1, Debian 12) prints for and accepts as media bus
// codes, field orders and colorimetry values.
//
// `mediaCtl122Codes` below is the code column of the installed 1.22.1 binary's listing; rerun:
//   media-ctl --known-mbus-fmts | awk '{ printf "%s, ", $2 }'
// and paste the output between its brackets. The listing stays 1.22's
// (a unit test compares it with the installed media-ctl): `--format media-ctl` in 1.22's
// dialect prints what 1.22 prints; the later releases' tables are generated from their
// headers (MediaCtlMbusFormats.swift, MediaCtlDialect+Mbus.swift). The kernel's own names,
// for our text and JSON views, are generated from the UAPI header (KernelMbusCodes.swift,
// FormatNames+Kernel.swift).

/// media-ctl 1.22.1's name tables and their lookups, as printed by `-p` and
/// `--get-v4l2` and accepted by `-V`.
///
/// Lookups follow libv4l2subdev 1.22: number to name scans each table in order and
/// falls back to `"unknown"`; media bus names are matched case-sensitively, every
/// other table case-insensitively (ASCII only, as `strcasecmp`). Numbers written as
/// hexadecimal or decimal are not names and are rejected, as 1.22 does.
public enum FormatNames {
    /// What 1.22 prints for any value missing from a table.
    public static let unknownName = "unknown"

    // MARK: - Media bus codes

    /// Every entry of `media-ctl --known-mbus-fmts`, in that order: 1.22's codes, named as
    /// the kernel names them (every name 1.22 prints is the kernel's name of its code;
    /// MbusCodeNameTests compares the listing with the installed media-ctl).
    public static let knownMbusFormats: [(name: String, code: UInt32)] = mediaCtl122Codes.map {
        (kernelMbusCodeName($0) ?? unknownName, $0)
    }

    /// The codes of `media-ctl --known-mbus-fmts` (v4l-utils 1.22.1), in its order.
    static let mediaCtl122Codes: [UInt32] = [
        0x1016, 0x1001, 0x1002, 0x1003, 0x1004, 0x1017, 0x1005, 0x1006,
        0x1007, 0x1008, 0x1009, 0x100e, 0x1015, 0x1010, 0x1013, 0x101b,
        0x1014, 0x100a, 0x100b, 0x100c, 0x101c, 0x101d, 0x1011, 0x1012,
        0x100d, 0x100f, 0x1018, 0x1019, 0x101a, 0x2001, 0x2015, 0x2002,
        0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
        0x202c, 0x2018, 0x2019, 0x200b, 0x200c, 0x2013, 0x201c, 0x201d,
        0x201e, 0x201f, 0x202d, 0x200f, 0x2010, 0x2011, 0x2012, 0x2014,
        0x201a, 0x201b, 0x200d, 0x200e, 0x2024, 0x2025, 0x2026, 0x2020,
        0x2021, 0x2022, 0x2023, 0x2016, 0x2027, 0x2017, 0x2028, 0x2029,
        0x202a, 0x202b, 0x3001, 0x3013, 0x3002, 0x3014, 0x3015, 0x3016,
        0x3017, 0x3018, 0x300b, 0x300c, 0x3009, 0x300d, 0x3003, 0x3004,
        0x3005, 0x3006, 0x3007, 0x300e, 0x300a, 0x300f, 0x3008, 0x3010,
        0x3011, 0x3012, 0x3019, 0x301a, 0x301b, 0x301c, 0x301d, 0x301e,
        0x301f, 0x3020, 0x4001, 0x5001, 0x6001,
    ]

    /// `MEDIA_BUS_FMT_FIXED`: 1.22 prints and accepts `FIXED` but `--known-mbus-fmts` omits it.
    public static let fixedMbusFormat: (name: String, code: UInt32) = ("FIXED", 0x0001)

    /// The short legacy names `-V` also accepts, each with the `knownMbusFormats`
    /// name it stands for (which is what gets printed back).
    public static let mbusAliases: [(alias: String, name: String)] = [
        ("Y8", "Y8_1X8"), ("Y10", "Y10_1X10"), ("Y12", "Y12_1X12"),
        ("YUYV", "YUYV8_1X16"), ("YUYV1_5X8", "YUYV8_1_5X8"), ("YUYV2X8", "YUYV8_2X8"),
        ("UYVY", "UYVY8_1X16"), ("UYVY1_5X8", "UYVY8_1_5X8"), ("UYVY2X8", "UYVY8_2X8"),
        ("VUY24", "VUY8_1X24"),
        ("SBGGR8", "SBGGR8_1X8"), ("SGBRG8", "SGBRG8_1X8"), ("SGRBG8", "SGRBG8_1X8"), ("SRGGB8", "SRGGB8_1X8"),
        ("SBGGR10", "SBGGR10_1X10"), ("SGBRG10", "SGBRG10_1X10"), ("SGRBG10", "SGRBG10_1X10"),
        ("SRGGB10", "SRGGB10_1X10"),
        ("SBGGR10_DPCM8", "SBGGR10_DPCM8_1X8"), ("SGBRG10_DPCM8", "SGBRG10_DPCM8_1X8"),
        ("SGRBG10_DPCM8", "SGRBG10_DPCM8_1X8"), ("SRGGB10_DPCM8", "SRGGB10_DPCM8_1X8"),
        ("SBGGR12", "SBGGR12_1X12"), ("SGBRG12", "SGBRG12_1X12"), ("SGRBG12", "SGRBG12_1X12"),
        ("SRGGB12", "SRGGB12_1X12"),
        ("AYUV32", "AYUV8_1X32"), ("RBG24", "RBG888_1X24"), ("RGB32", "RGB888_1X32_PADHI"),
        ("ARGB32", "ARGB8888_1X32"),
    ]

    /// 1.22's whole media bus table in lookup order: the listed formats, `FIXED`, then the aliases.
    private static let mbusTable: [(name: String, code: UInt32)] = {
        let canonical = firstValueByName(knownMbusFormats)
        let aliases = mbusAliases.compactMap { entry in
            canonical[Array(entry.name.utf8)].map { (name: entry.alias, code: $0) }
        }
        return knownMbusFormats + [fixedMbusFormat] + aliases
    }()

    private static let mbusCodeByName: [[UInt8]: UInt32] = firstValueByName(mbusTable)

    /// The name media-ctl prints in `[fmt:NAME/WxH`, `"unknown"` for codes 1.22 does not know.
    /// The first name of the code in `mbusTable` order; aliases never come first, because
    /// each names a code listed before it. A scan, not a dictionary: building the tables
    /// costs more than the rest of a `topology --format media-ctl` run.
    public static func mbusCodeName(_ code: UInt32) -> String {
        if let entry = knownMbusFormats.first(where: { $0.code == code }) { return entry.name }
        return code == fixedMbusFormat.code ? fixedMbusFormat.name : unknownName
    }

    /// The code for a name `-V` accepts after `fmt:` (exact case, aliases included): 1.22's
    /// names, then any later release's (1.26 to 1.32, from their headers), so that a name the
    /// user's newer media-ctl takes is taken here too; nil otherwise.
    public static func mbusCode(named name: String) -> UInt32? {
        if let code = mbusCodeByName[Array(name.utf8)] { return code }
        return mediaCtlMbusFormats.first { $0.name == name }?.code
    }

    /// The text of `media-ctl --known-mbus-fmts`: each name followed by spaces up to
    /// column 32 (at least three), then `0x` and at least four lower-case hex digits.
    /// 1.22's; `MediaCtlDialect.knownMbusFormatsListing()` prints another release's.
    public static func knownMbusFormatsListing() -> String {
        knownMbusFormatsListing(knownMbusFormats)
    }

    static func knownMbusFormatsListing(_ formats: [(name: String, code: UInt32)]) -> String {
        var out = ""
        for entry in formats {
            let padding = max(30 - entry.name.utf8.count, 1)
            let hex = String(entry.code, radix: 16)
            out += entry.name + " " + String(repeating: " ", count: padding) + " 0x"
            out += String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "\n"
        }
        return out
    }

    // MARK: - Field order (`enum v4l2_field`)

    /// 1.22's field names, `any` (0) to `interlaced-bt` (9).
    public static let fields: [(name: String, value: UInt32)] = [
        ("any", 0), ("none", 1), ("top", 2), ("bottom", 3), ("interlaced", 4), ("seq-tb", 5),
        ("seq-bt", 6), ("alternate", 7), ("interlaced-tb", 8), ("interlaced-bt", 9),
    ]

    public static func fieldName(_ field: UInt32) -> String {
        name(of: field, in: fields)
    }

    public static func field(named name: String) -> UInt32? {
        value(named: name, in: fields)
    }

    // MARK: - Colorspace (`enum v4l2_colorspace`)

    /// 1.22's colorspace names; 4 (the deprecated BT878) has none and prints "unknown".
    public static let colorspaces: [(name: String, value: UInt32)] = [
        ("default", 0), ("smpte170m", 1), ("smpte240m", 2), ("rec709", 3), ("470m", 5), ("470bg", 6),
        ("jpeg", 7), ("srgb", 8), ("oprgb", 9), ("bt2020", 10), ("raw", 11), ("dcip3", 12),
    ]

    public static func colorspaceName(_ colorspace: UInt32) -> String {
        name(of: colorspace, in: colorspaces)
    }

    public static func colorspace(named name: String) -> UInt32? {
        value(named: name, in: colorspaces)
    }

    // MARK: - Transfer function (`enum v4l2_xfer_func`)

    public static let transferFunctions: [(name: String, value: UInt16)] = [
        ("default", 0), ("709", 1), ("srgb", 2), ("oprgb", 3), ("smpte240m", 4), ("smpte2084", 7),
        ("dcip3", 6), ("none", 5),
    ]

    public static func transferFunctionName(_ transferFunction: UInt16) -> String {
        name(of: transferFunction, in: transferFunctions)
    }

    public static func transferFunction(named name: String) -> UInt16? {
        value(named: name, in: transferFunctions)
    }

    // MARK: - YCbCr encoding (`enum v4l2_ycbcr_encoding`)

    /// 1.22's encoding names; 5 (the deprecated SYCC) has none and prints "unknown".
    public static let ycbcrEncodings: [(name: String, value: UInt16)] = [
        ("default", 0), ("601", 1), ("709", 2), ("xv601", 3), ("xv709", 4), ("bt2020", 6),
        ("bt2020c", 7), ("smpte240m", 8),
    ]

    public static func ycbcrEncodingName(_ encoding: UInt16) -> String {
        name(of: encoding, in: ycbcrEncodings)
    }

    public static func ycbcrEncoding(named name: String) -> UInt16? {
        value(named: name, in: ycbcrEncodings)
    }

    // MARK: - Quantization (`enum v4l2_quantization`)

    public static let quantizations: [(name: String, value: UInt16)] = [
        ("default", 0), ("full-range", 1), ("lim-range", 2),
    ]

    public static func quantizationName(_ quantization: UInt16) -> String {
        name(of: quantization, in: quantizations)
    }

    public static func quantization(named name: String) -> UInt16? {
        value(named: name, in: quantizations)
    }

    // MARK: - Lookup helpers

    private static func name<Value: Equatable>(of value: Value, in table: [(name: String, value: Value)]) -> String {
        table.first { $0.value == value }?.name ?? unknownName
    }

    /// `strcasecmp` semantics: equal length and equal bytes after folding ASCII A-Z only.
    private static func value<Value>(named name: String, in table: [(name: String, value: Value)]) -> Value? {
        let folded = asciiLowercased(name)
        return table.first { asciiLowercased($0.name) == folded }?.value
    }

    private static func asciiLowercased(_ text: String) -> [UInt8] {
        text.utf8.map { (0x41...0x5a).contains($0) ? $0 | 0x20 : $0 }
    }

    /// Keyed by UTF-8 bytes, as `strcmp` compares, not by Unicode equivalence.
    private static func firstValueByName(_ table: [(name: String, code: UInt32)]) -> [[UInt8]: UInt32] {
        var result: [[UInt8]: UInt32] = [:]
        for entry in table where result[Array(entry.name.utf8)] == nil { result[Array(entry.name.utf8)] = entry.code }
        return result
    }
}
