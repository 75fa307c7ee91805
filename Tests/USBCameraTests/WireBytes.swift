import USBCamera

/// Bytes written as hex, spaces ignored, as the USB/IP documentation prints messages.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
}

/// A reply as the kernel's vhci_rx reads it: the header's fields and the IN data.
struct Reply: Equatable {
    var command: UInt32
    var seqnum: UInt32
    var status: Int32
    var actualLength: UInt32
    var data: [UInt8]
}

func be32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.reduce(0) { $0 << 8 | UInt32($1) }
}

/// Splits a run of RET_SUBMIT / RET_UNLINK messages.
func replies(_ bytes: [UInt8]) -> [Reply] {
    var result: [Reply] = []
    var offset = 0
    while offset + 48 <= bytes.count {
        let command = be32(bytes[offset..<offset + 4])
        let length = be32(bytes[offset + 24..<offset + 28])
        let dataLength = command == 3 ? Int(length) : 0
        let data = Array(bytes[(offset + 48)..<min(bytes.count, offset + 48 + dataLength)])
        result.append(
            Reply(
                command: command, seqnum: be32(bytes[offset + 4..<offset + 8]),
                status: Int32(bitPattern: be32(bytes[offset + 20..<offset + 24])), actualLength: length, data: data))
        offset += 48 + dataLength
    }
    return result
}

/// A CMD_SUBMIT on endpoint 0 carrying `setup` (8 bytes of hex), as vhci-hcd writes it:
/// devid 0x00010002, number_of_packets 0, interval 0; `data` follows for OUT.
func controlSubmit(seqnum: UInt32, in isIn: Bool, length: UInt32, setup: String, data: [UInt8] = []) -> [UInt8] {
    var bytes = hex("00000001")
    for field in [seqnum, 0x0001_0002, isIn ? 1 : 0, 0, isIn ? 0x200 : 0, length, 0, 0, 0] {
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: field >> UInt32($0)) }
    }
    return bytes + hex(setup) + data
}

/// A bulk IN CMD_SUBMIT on endpoint 1.
func bulkSubmit(seqnum: UInt32, length: UInt32) -> [UInt8] {
    var bytes = hex("00000001")
    for field in [seqnum, 0x0001_0002, 1, 1, 0x200, length, 0, 0, 0] {
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: field >> UInt32($0)) }
    }
    return bytes + [UInt8](repeating: 0, count: 8)
}
