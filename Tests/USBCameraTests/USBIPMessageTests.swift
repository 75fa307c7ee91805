import Testing
import USBCamera

/// USB/IP messages written by hand from Documentation/usb/usbip_protocol.rst (big-endian
/// 48-byte headers), decoded and encoded.
@Suite struct USBIPMessageTests {
    /// GET_DESCRIPTOR(DEVICE, 18 bytes) as vhci-hcd submits it: IN on endpoint 0,
    /// transfer_flags URB_DIR_IN (0x200), number_of_packets 0xffffffff as the document asks.
    static let getDeviceDescriptor = hex(
        """
        00000001 00000002 00010002 00000001 00000000
        00000200 00000012 00000000 ffffffff 00000000
        80060001 00001200
        """)

    @Test func decodesAControlInSubmit() throws {
        var decoder = USBIPDecoder()
        decoder.append(Self.getDeviceDescriptor)
        guard case .submit(let submit) = try decoder.next() else { Issue.record("no CMD_SUBMIT"); return }
        #expect(submit.seqnum == 2)
        #expect(submit.devid == 0x0001_0002)
        #expect(submit.isIn && submit.endpoint == 0)
        #expect(submit.transferFlags == 0x200 && submit.transferBufferLength == 18)
        #expect(!submit.isIsochronous && submit.outData.isEmpty)
        #expect(SetupPacket(submit.setup) == SetupPacket(requestType: 0x80, request: 6, value: 0x0100, index: 0, length: 18))
        #expect(try decoder.next() == nil)
    }

    /// SET_CUR(VS_PROBE_CONTROL) to interface 1: an OUT submit whose 34 data bytes follow
    /// the header; the decoder waits for all of them, whatever the pieces.
    @Test func decodesAnOutSubmitArrivingInPieces() throws {
        let data = [UInt8](1...34)
        let message = controlSubmit(seqnum: 7, in: false, length: 34, setup: "21010001 01002200", data: data)
        #expect(message.count == 48 + 34)
        var decoder = USBIPDecoder()
        decoder.append(message[0..<20])
        #expect(try decoder.next() == nil)
        decoder.append(message[20..<60])
        #expect(try decoder.next() == nil)
        decoder.append(message[60...])
        guard case .submit(let submit) = try decoder.next() else { Issue.record("no CMD_SUBMIT"); return }
        #expect(submit.outData == data && !submit.isIn)
        #expect(SetupPacket(submit.setup) == SetupPacket(requestType: 0x21, request: 1, value: 0x0100, index: 1, length: 34))
    }

    @Test func decodesAnUnlink() throws {
        var decoder = USBIPDecoder()
        decoder.append(hex("00000002 00000010 00010002 00000001 00000001 0000000c") + [UInt8](repeating: 0, count: 24))
        #expect(
            try decoder.next()
                == .unlink(UnlinkCommand(seqnum: 0x10, devid: 0x0001_0002, direction: 1, endpoint: 1, unlinkSeqnum: 0x0c)))
    }

    /// An isochronous OUT submit: 2 packets of 3 bytes, their descriptors after the data.
    @Test func decodesIsochronousPacketDescriptors() throws {
        var decoder = USBIPDecoder()
        decoder.append(
            hex(
                """
                00000001 00000003 00010002 00000000 00000002 00000000 00000006 00000005 00000002 00000001
                00000000 00000000 aabbccddeeff
                00000000 00000003 00000000 00000000 00000003 00000003 00000000 ffffffb9
                """))
        guard case .submit(let submit) = try decoder.next() else { Issue.record("no CMD_SUBMIT"); return }
        #expect(submit.isIsochronous && submit.startFrame == 5 && submit.interval == 1)
        #expect(submit.outData == [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])
        #expect(
            submit.isoDescriptors == [
                ISOPacketDescriptor(offset: 0, length: 3, actualLength: 0, status: 0),
                ISOPacketDescriptor(offset: 3, length: 3, actualLength: 0, status: -71),
            ])
    }

    @Test func refusesAnUnknownCommand() {
        var decoder = USBIPDecoder()
        decoder.append(hex("00000009 00000001") + [UInt8](repeating: 0, count: 40))
        #expect(throws: USBIPError.self) { try decoder.next() }
    }

    /// RET_SUBMIT: command 3, the seqnum, devid/direction/ep 0, status, actual_length, the
    /// rest 0, then the IN data.
    @Test func encodesASubmitReply() {
        let reply = SubmitReply(seqnum: 0xd05, data: [0xde, 0xad, 0xbe, 0xef])
        #expect(
            reply.encoded
                == hex(
                    """
                    00000003 00000d05 00000000 00000000 00000000 00000000 00000004 00000000 00000000 00000000
                    00000000 00000000 deadbeef
                    """))
        #expect(SubmitReply(seqnum: 1, status: -32).encoded[20..<28] == [0xff, 0xff, 0xff, 0xe0, 0, 0, 0, 0])
        #expect(SubmitReply(seqnum: 1, outLength: 34).encoded.count == 48)
    }

    /// RET_UNLINK with -ECONNRESET (-104 = 0xffffff98).
    @Test func encodesAnUnlinkReply() {
        #expect(
            UnlinkReply(seqnum: 0x11, status: UnlinkReply.connectionReset).encoded
                == hex("00000004 00000011 00000000 00000000 00000000 ffffff98") + [UInt8](repeating: 0, count: 24))
    }

    /// The example of vhci_sysfs.c's comment, and a port in use.
    @Test func parsesTheVHCIStatus() {
        let ports = VHCIPort.parse(
            """
            hub port sta spd dev      sockfd local_busid
            hs  0000 006 003 00010002 000003 3-1
            hs  0001 004 000 00000000 000000 0-0
            ss  0008 004 000 00000000 000000 0-0
            """)
        #expect(ports.count == 3)
        #expect(ports[0] == VHCIPort(hub: "hs", port: 0, status: 6, sockfd: 3, busID: "3-1"))
        #expect(ports.map(\.isFreeHighSpeed) == [false, true, false])
        #expect(vhciAttachLine(port: 1, socket: 5, devid: 65538) == "1 5 65538 3")
    }
}
