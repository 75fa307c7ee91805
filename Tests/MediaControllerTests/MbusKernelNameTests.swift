import Foundation
import Testing

@testable import MediaController

/// Our own views name media bus codes as the kernel does (the generated
/// `KernelMbusCodes.swift`); `--format media-ctl` keeps 1.22's names. Expected names are
/// `#define MEDIA_BUS_FMT_*` lines of <linux/media-bus-format.h> (Linux 6.12) and what
/// media-ctl 1.22.1 prints for a code it does not know (`unknown`).
@Suite struct MbusKernelNameTests {
    /// From the 6.12 header; the last three are missing from media-ctl 1.22.1's table.
    static let header612: [(String, UInt32)] = [
        ("FIXED", 0x0001), ("RGB888_1X24", 0x100a), ("SRGGB10_1X10", 0x300f),
        ("Y16_1X16", 0x202e), ("METADATA_FIXED", 0x7001), ("META_8", 0x8001),
    ]

    @Test(arguments: header612)
    func kernelNameOfCode(name: String, code: UInt32) {
        #expect(FormatNames.kernelMbusCodeName(code) == name)
        #expect(FormatNames.kernelMbusCode(named: name) == code)
    }

    @Test func codesNoHeaderDefinesPrintAsHex() {
        #expect(FormatNames.kernelMbusCodeName(0x9999) == nil)
        #expect(FormatNames.kernelMbusCodeText(0x9999) == "0x9999")
        #expect(FormatNames.kernelMbusCodeText(0x12) == "0x0012")
        #expect(FormatNames.kernelMbusCodeText(0xffff_ffff) == "0xffffffff")
    }

    /// Where Scripts/setup has not unpacked the 6.12 header (MbusCodesGeneratorTests needs
    /// it), the system's header still checks the committed table: every code defined there
    /// (linux-libc-dev, an older or equal kernel) is in it under the same name.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/include/linux/media-bus-format.h")))
    func systemHeaderIsASubsetOfTheTable() throws {
        let text = try String(contentsOfFile: "/usr/include/linux/media-bus-format.h", encoding: .utf8)
        var count = 0
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[0] == "#define", words[1].hasPrefix("MEDIA_BUS_FMT_"),
                  words[2].hasPrefix("0x"), let value = UInt32(words[2].dropFirst(2), radix: 16)
            else { continue }
            count += 1
            #expect(FormatNames.kernelMbusCode(named: String(words[1].dropFirst("MEDIA_BUS_FMT_".count))) == value)
        }
        #expect(count > 100)
    }

    /// One pad of the vimc recording set to META_8 and to Y16_1X16: the text view and
    /// JSON name them, media-ctl's view prints what 1.22 printed.
    @Test(arguments: [(UInt32(0x8001), "META_8"), (0x202e, "Y16_1X16")])
    func viewsOfACodeMediaCtlDoesNotKnow(code: UInt32, name: String) throws {
        var snapshot = try Fixtures.snapshot("vimc")
        let index = try #require(snapshot.subdevs.firstIndex { $0.pads.contains { $0.format != nil } })
        let pad = try #require(snapshot.subdevs[index].pads.firstIndex { $0.format != nil })
        snapshot.subdevs[index].pads[pad].format?.code = code
        let width = try #require(snapshot.subdevs[index].pads[pad].format?.width)

        let text = TextRenderer().render(snapshot)
        #expect(text.contains("[fmt:\(name)/\(width)x"))
        #expect(!text.contains("[fmt:unknown/"))
        #expect(MediaCtlRenderer().render(snapshot).contains("[fmt:unknown/\(width)x"))

        let json = try JSONRenderer().render(snapshot)
        #expect(json.contains("\"codeName\" : \"\(name)\""))
        #expect(try MediaSnapshot(json: json) == snapshot)
    }

    @Test func jsonLeavesOutTheNameOfAnUndefinedCode() throws {
        let format = FrameFormat(code: 0x9999, width: 4, height: 2)
        let json = String(decoding: try JSONEncoder().encode(format), as: UTF8.self)
        #expect(!json.contains("codeName"))
        #expect(try JSONDecoder().decode(FrameFormat.self, from: Data(json.utf8)) == format)
    }
}
