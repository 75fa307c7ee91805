import FoundationEssentials
import Testing

@testable import MediaController

@Suite struct ModelCodingTests {
    @Test(arguments: [
        (UInt32(0), [String]()),
        (UInt32(1), ["ENABLED"]),
        (UInt32(3), ["ENABLED", "IMMUTABLE"]),
        (UInt32(0x1000_0003), ["ENABLED", "IMMUTABLE", "INTERFACE_LINK"]),
        (UInt32(0x2000_0001), ["ENABLED", "ANCILLARY_LINK"]),
        (UInt32(0x41), ["ENABLED", "0x40"]),
    ])
    func linkFlagNames(raw: UInt32, names: [String]) throws {
        let flags = LinkFlags(rawValue: raw)
        #expect(flags.names == names)
        let json = try JSONEncoder().encode(flags)
        #expect(try JSONDecoder().decode(LinkFlags.self, from: json) == flags)
    }

    @Test func linkKindsComeFromTheTypeBits() {
        #expect(Link(id: 1, sourceID: 2, sinkID: 3, flags: [.enabled]).kind == .data)
        #expect(Link(id: 1, sourceID: 2, sinkID: 3, flags: [.interfaceLink]).kind == .interface)
        #expect(Link(id: 1, sourceID: 2, sinkID: 3, flags: [.ancillaryLink]).kind == .ancillary)
        #expect(Link(id: 1, sourceID: 2, sinkID: 3, flags: LinkFlags(rawValue: 0x3000_0000)).kind == .unknown)
    }

    @Test(arguments: [
        (UInt32(0x0002_0001), "CAM_SENSOR"),
        (UInt32(0x0000_4003), "PROC_VIDEO_PIXEL_ENC_CONV"),
        (UInt32(0x0001_0001), "IO_V4L"),
        (UInt32(0x0009_9999), "0x99999"),
    ])
    func entityFunctionNamesRoundTrip(raw: UInt32, name: String) throws {
        let function = EntityFunction(rawValue: raw)
        #expect(function.name == name)
        let decoded = try JSONDecoder().decode(EntityFunction.self, from: try JSONEncoder().encode(function))
        #expect(decoded == function)
    }

    @Test func unknownFlagNameIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PadFlags.self, from: Data(#"["SINK","BOGUS"]"#.utf8))
        }
    }

    @Test func hexCodingRoundTripsStructures() throws {
        var pad = media_pad_desc()
        pad.entity = 21
        pad.index = 1
        pad.flags = 2
        let text = HexCoding.encode([pad, pad])
        #expect(text.count == 2 * 2 * MemoryLayout<media_pad_desc>.stride)
        let decoded = try #require(HexCoding.decode(text, zero: media_pad_desc()))
        #expect(decoded.count == 2)
        #expect(decoded[1].entity == 21 && decoded[1].index == 1 && decoded[1].flags == 2)
        #expect(HexCoding.decode("abc", zero: media_pad_desc()) == nil)
        #expect(HexCoding.decode("zz", zero: UInt8(0)) == nil)
    }

    @Test(arguments: [(UInt32(0x060c75), "6.12.117"), (UInt32(0x050a00), "5.10.0")])
    func kernelVersions(raw: UInt32, text: String) {
        #expect(kernelVersionString(raw) == text)
    }
}

import CLinuxMedia
