import Testing
import USBCamera

/// The descriptors against what USB 2.0, UVC 1.1 and uvcvideo's parsers (uvc_driver.c:
/// uvc_parse_standard_control, uvc_parse_streaming, uvc_parse_format) require. The
/// lengths are summed by hand from the UVC 1.1 tables.
@Suite struct DescriptorTests {
    static let configuration = Descriptors.configuration()

    /// The descriptors of the configuration, each as its own bytes.
    static var descriptors: [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        while offset < configuration.count {
            let length = Int(configuration[offset])
            guard length >= 2, offset + length <= configuration.count else { break }
            result.append(Array(configuration[offset..<(offset + length)]))
            offset += length
        }
        return result
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }

    @Test func deviceDescriptor() {
        let device = Descriptors.device(CameraConfiguration(serial: "X"))
        #expect(device.count == 18 && device[0] == 18 && device[1] == 1)
        #expect(Self.le16(device, 2) == 0x0200)  // USB 2.0: the host asks no BOS
        #expect(Array(device[4...6]) == [0xEF, 0x02, 0x01])  // interface association
        #expect(device[7] == 64)
        #expect(Self.le16(device, 8) == 0x1209 && Self.le16(device, 10) == 0x0001)
        #expect(Array(device[14...17]) == [1, 2, 3, 1])  // strings, one configuration
    }

    /// 9 configuration + 8 IAD + 9 VC interface + 78 VC class (13 header, 18 camera
    /// terminal, 12 processing unit, 26 extension unit, 9 output terminal) + 9 VS
    /// interface + 123 VS class (14 input header, 27 format, 2 × 38 frames, 6 color
    /// matching) + 7 endpoint = 243.
    @Test func configurationLengths() {
        #expect(Self.configuration.count == 243)
        #expect(Self.le16(Self.configuration, 2) == 243)
        #expect(Self.descriptors.reduce(0) { $0 + $1.count } == 243, "the bLengths chain exactly to the end")
        #expect(Self.configuration[4] == 2 && Self.configuration[5] == 1)
    }

    @Test func interfaceAssociation() throws {
        let iad = try #require(Self.descriptors.first { $0[1] == 0x0B })
        #expect(iad == [8, 0x0B, 0, 2, 0x0E, 0x03, 0x00, 0])  // no iFunction
    }

    @Test func videoControlInterface() throws {
        let all = Self.descriptors
        let interfaces = all.filter { $0[1] == 0x04 }
        #expect(interfaces.map { Array($0[2...7]) } == [[0, 0, 0, 0x0E, 0x01, 0x00], [1, 0, 1, 0x0E, 0x02, 0x00]])
        let classSpecific = all.filter { $0[1] == 0x24 && [1, 2, 3, 5, 6].contains($0[2]) }.prefix(5)
        let header = try #require(classSpecific.first)
        #expect(header.count == 13 && header[2] == 0x01)
        #expect(Self.le16(header, 3) == 0x0110)
        #expect(Self.le16(header, 5) == 78)
        #expect(header[11] == 1 && header[12] == 1)  // bInCollection, baInterfaceNr
        let units = Array(classSpecific.dropFirst())
        #expect(units.map { $0[2] } == [0x02, 0x05, 0x06, 0x03])
        // Camera terminal: ITT_CAMERA, bControlSize at 14, length 15 + n.
        #expect(Self.le16(units[0], 4) == 0x0201 && units[0][3] == 1 && units[0].count == 15 + Int(units[0][14]))
        // Processing unit (UVC 1.1): source 1, bControlSize 2, brightness and contrast bits.
        #expect(units[1][3] == 2 && units[1][4] == 1 && units[1][7] == 2 && units[1].count == 10 + 2)
        #expect(units[1][8] == 0b11 && units[1][9] == 0)
        // Extension unit: 24 + p + n, one pin from unit 2, one control.
        #expect(units[2][3] == 3 && units[2][20] == 1 && units[2][21] == 1 && units[2][22] == 2)
        #expect(units[2].count == 24 + 1 + Int(units[2][23]) && units[2][24] == 0x01)
        // Output terminal: TT_STREAMING fed by the extension unit.
        #expect(units[3] == [9, 0x24, 0x03, 4, 0x01, 0x01, 0, 3, 0])
    }

    @Test func videoStreamingInterface() throws {
        let all = Self.descriptors
        let start = try #require(all.firstIndex { $0[1] == 0x04 && $0[2] == 1 })
        let streaming = Array(all[(start + 1)...])
        let header = streaming[0]
        #expect(header[2] == 0x01 && header.count == 13 + Int(header[3]) * Int(header[12]))
        #expect(Self.le16(header, 4) == 123 && header[6] == 0x81 && header[8] == 4)
        let format = streaming[1]
        #expect(format.count == 27 && format[2] == 0x04 && format[3] == 1 && format[4] == 2)
        // YUY2: 32595559-0000-0010-8000-00AA00389B71 with its first three fields little-endian.
        #expect(Array(format[5..<21]) == [0x59, 0x55, 0x59, 0x32, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])
        #expect(format[21] == 16 && format[22] == 1)
        let frames = streaming[2...3]
        for (frame, size) in zip(frames, [(160, 120), (320, 240)]) {
            #expect(frame[2] == 0x05 && frame.count == 26 + 4 * Int(frame[25]))
            #expect(Self.le16(frame, 5) == size.0 && Self.le16(frame, 7) == size.1)
            #expect(Self.le16(frame, 17) | Self.le16(frame, 19) << 16 == size.0 * size.1 * 2)
            let intervals = (0..<Int(frame[25])).map { Self.le16(frame, 26 + 4 * $0) | Self.le16(frame, 28 + 4 * $0) << 16 }
            #expect(intervals == [333_333, 666_666, 1_000_000])
            #expect(Self.le16(frame, 21) | Self.le16(frame, 23) << 16 == 666_666)
        }
        #expect(streaming[4] == [6, 0x24, 0x0D, 1, 1, 4])
        #expect(streaming[5] == [7, 0x05, 0x81, 0x02, 0x00, 0x02, 0])  // bulk IN, 512 bytes
        #expect(streaming.count == 6)
    }

    /// String descriptors are UTF-16LE after their 2-byte header; 0 lists US English.
    @Test func strings() {
        let configuration = CameraConfiguration(serial: "AB7")
        #expect(Descriptors.string(0, configuration) == [4, 3, 0x09, 0x04])
        #expect(Descriptors.string(3, configuration) == [8, 3, 0x41, 0, 0x42, 0, 0x37, 0])
        #expect(Descriptors.string(9, configuration) == nil)
    }
}
