import Testing
import USBCamera

/// The camera's requests end to end through the session: CMD_SUBMIT bytes in,
/// RET_SUBMIT/RET_UNLINK bytes out. Expected values come from the UVC 1.1 tables.
@Suite struct CameraSessionTests {
    /// A probe/commit block (UVC 1.1 table 4-47) with bmHint 1 (dwFrameInterval fixed).
    static func proposal(frame: UInt8, interval: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 34)
        bytes[0] = 1
        bytes[2] = 1
        bytes[3] = frame
        for index in 0..<4 { bytes[4 + index] = UInt8(truncatingIfNeeded: interval >> (8 * UInt32(index))) }
        return bytes
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    static func session() -> CameraSession { CameraSession(configuration: CameraConfiguration(serial: "S1", seed: 42)) }

    /// SET_CUR(PROBE) for 320x240 at 400000 × 100 ns, then GET_CUR(PROBE): the camera
    /// keeps frame 2, rounds the interval up to the next it has (666666), and fills in
    /// dwMaxVideoFrameSize 320 × 240 × 2 = 153600 and dwMaxPayloadTransferSize 16384.
    @Test func probeNegotiation() throws {
        var session = Self.session()
        let set = try session.receive(
            controlSubmit(seqnum: 1, in: false, length: 34, setup: "21010001 01002200", data: Self.proposal(frame: 2, interval: 400_000)),
            now: .zero)
        #expect(replies(set) == [Reply(command: 3, seqnum: 1, status: 0, actualLength: 34, data: [])])
        let get = replies(try session.receive(controlSubmit(seqnum: 2, in: true, length: 34, setup: "a1810001 01002200"), now: .zero))
        let block = try #require(get.first?.data)
        #expect(block.count == 34)
        #expect(block[2] == 1 && block[3] == 2)
        #expect(Self.le32(block, 4) == 666_666)
        #expect(Self.le32(block, 18) == 153_600)
        #expect(Self.le32(block, 22) == 16_384)
        // GET_LEN(PROBE): 34, two bytes; GET_INFO: GET and SET supported.
        let length = replies(try session.receive(controlSubmit(seqnum: 3, in: true, length: 2, setup: "a1850001 01000200"), now: .zero))
        #expect(length.first?.data == [34, 0])
        let info = replies(try session.receive(controlSubmit(seqnum: 4, in: true, length: 1, setup: "a1860001 01000100"), now: .zero))
        #expect(info.first?.data == [0x03])
        // GET_DEF(PROBE): 160x120 at the default 666666.
        let def = try #require(replies(try session.receive(controlSubmit(seqnum: 5, in: true, length: 34, setup: "a1870001 01002200"), now: .zero)).first)
        #expect(def.data[3] == 1 && Self.le32(def.data, 4) == 666_666 && Self.le32(def.data, 18) == 38_400)
    }

    /// After COMMIT of 160x120 (38400 bytes), 16384-byte bulk URBs carry payloads of a
    /// 2-byte header and 16382, 16382 and 5636 bytes of the frame; EOF on the third; the
    /// next frame toggles FID and waits for its time (666666 × 100 ns = 66.7 ms).
    @Test func framePayloads() throws {
        var session = Self.session()
        _ = try session.receive(
            controlSubmit(seqnum: 1, in: false, length: 34, setup: "21010002 01002200", data: Self.proposal(frame: 1, interval: 666_666)),
            now: .zero)
        var bulk: [UInt8] = []
        for seqnum in UInt32(10)..<14 { bulk += bulkSubmit(seqnum: seqnum, length: 16384) }
        let first = replies(try session.receive(bulk, now: .milliseconds(1)))
        #expect(first.map(\.seqnum) == [10, 11, 12])
        #expect(first.map(\.actualLength) == [16384, 16384, 5638])
        #expect(first.map { Array($0.data.prefix(2)) } == [[0x02, 0x80], [0x02, 0x80], [0x02, 0x82]])
        let frame = first.flatMap { $0.data.dropFirst(2) }
        #expect(frame == FramePattern.frame(number: 0, size: VideoFormat.frames[0], seed: 42))
        #expect(session.nextDeadline == .nanoseconds(66_666_600))
        #expect(replies(session.pump(now: .milliseconds(60))).isEmpty)
        let second = replies(session.pump(now: .milliseconds(68)))
        #expect(second.map(\.seqnum) == [13])
        #expect(second.first.map { Array($0.data.prefix(2)) } == [0x02, 0x81])
    }

    /// UNLINK of a waiting bulk URB: RET_UNLINK -ECONNRESET and no RET_SUBMIT for it;
    /// of an URB already answered: status 0.
    @Test func unlink() throws {
        var session = Self.session()
        _ = try session.receive(bulkSubmit(seqnum: 20, length: 16384), now: .zero)
        #expect(session.pendingBulk.map(\.seqnum) == [20])
        let unlink = hex("00000002 00000021 00010002 00000001 00000001 00000014") + [UInt8](repeating: 0, count: 24)
        #expect(replies(try session.receive(unlink, now: .zero)) == [Reply(command: 4, seqnum: 0x21, status: -104, actualLength: 0, data: [])])
        #expect(session.pendingBulk.isEmpty)
        let late = hex("00000002 00000022 00010002 00000001 00000001 00000014") + [UInt8](repeating: 0, count: 24)
        #expect(replies(try session.receive(late, now: .zero)).first?.status == 0)
    }

    /// Brightness (processing unit 2, selector 2): GET_INFO, GET_MIN, a SET_CUR in range,
    /// one out of range that stalls (-EPIPE), and the request error code 4 (out of range).
    @Test func processingUnitControls() throws {
        var session = Self.session()
        func query(_ seqnum: UInt32, _ setup: String, _ length: UInt32) throws -> Reply? {
            replies(try session.receive(controlSubmit(seqnum: seqnum, in: true, length: length, setup: setup), now: .zero)).first
        }
        #expect(try query(1, "a1860002 00020100", 1)?.data == [0x03])
        #expect(try query(2, "a1820002 00020200", 2)?.data == [0xC0, 0xFF])  // -64
        #expect(try query(3, "a1830003 00020200", 2)?.data == [100, 0])  // contrast max
        let set = controlSubmit(seqnum: 4, in: false, length: 2, setup: "21010002 00020200", data: [0x10, 0x00])
        #expect(replies(try session.receive(set, now: .zero)).first?.status == 0)
        #expect(session.controlValue(entity: 2, selector: 2) == 16)
        let tooBright = controlSubmit(seqnum: 5, in: false, length: 2, setup: "21010002 00020200", data: [0x00, 0x01])
        #expect(replies(try session.receive(tooBright, now: .zero)).first?.status == -32)
        #expect(try query(6, "a1810002 00000100", 1)?.data == [4])
        // The extension unit's control: GET_LEN 4 bytes.
        #expect(try query(7, "a1850001 00030200", 2)?.data == [4, 0])
        // The camera terminal declares no control: invalid control (6).
        #expect(try query(8, "a1810002 00010200", 2)?.status == -32)
        #expect(try query(9, "a1810002 00000100", 1)?.data == [6])
    }

    /// Enumeration's standard requests: a device descriptor cut to the 8 bytes asked,
    /// SET_CONFIGURATION reported as an event, CLEAR_FEATURE(ENDPOINT_HALT) on 0x81
    /// stopping the stream, an unknown descriptor type (device qualifier) stalling.
    @Test func standardRequests() throws {
        var session = Self.session()
        let device = replies(try session.receive(controlSubmit(seqnum: 1, in: true, length: 64, setup: "80060001 00000800"), now: .zero))
        #expect(device.first?.data == [18, 1, 0x00, 0x02, 0xEF, 0x02, 0x01, 64])
        #expect(replies(try session.receive(controlSubmit(seqnum: 2, in: false, length: 0, setup: "00090100 00000000"), now: .zero)).first?.status == 0)
        #expect(session.takeEvents() == [.configured(1)])
        _ = try session.receive(
            controlSubmit(seqnum: 3, in: false, length: 34, setup: "21010002 01002200", data: Self.proposal(frame: 1, interval: 0)),
            now: .zero)
        #expect(session.takeEvents().count == 1)
        #expect(replies(try session.receive(controlSubmit(seqnum: 4, in: false, length: 0, setup: "02010000 81000000"), now: .zero)).first?.status == 0)
        #expect(session.takeEvents() == [.streamStopped(framesSent: 0)])
        #expect(replies(try session.receive(controlSubmit(seqnum: 5, in: true, length: 10, setup: "80060006 00000a00"), now: .zero)).first?.status == -32)
    }
}
