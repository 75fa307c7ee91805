/// A malformed message from the host: the connection cannot continue after one.
public struct USBIPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}

/// Cuts the byte stream from the host into commands: a header, then for OUT submits the
/// transfer buffer, then for isochronous submits the packet descriptors. Bytes may come
/// in any pieces; `next()` returns nil until a whole command is there.
public struct USBIPDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0
    /// The largest transfer buffer accepted (a 32-bit length from the wire could
    /// otherwise make the decoder wait for gigabytes).
    public static let maximumTransfer: UInt32 = 16 << 20

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole command, or nil when more bytes are needed.
    public mutating func next() throws(USBIPError) -> USBIPCommand? {
        let available = buffer.count - start
        guard available >= USBIP.headerLength else { return nil }
        let header = buffer[start..<(start + USBIP.headerLength)]
        let command = header.be32(at: 0)
        let seqnum = header.be32(at: 4), devid = header.be32(at: 8)
        let direction = header.be32(at: 12), endpoint = header.be32(at: 16)
        switch command {
        case USBIP.cmdUnlink:
            start += USBIP.headerLength
            compact()
            return .unlink(
                UnlinkCommand(seqnum: seqnum, devid: devid, direction: direction, endpoint: endpoint, unlinkSeqnum: header.be32(at: 20)))
        case USBIP.cmdSubmit:
            var submit = SubmitCommand(
                seqnum: seqnum, devid: devid, direction: direction, endpoint: endpoint,
                transferFlags: header.be32(at: 20), transferBufferLength: header.be32(at: 24),
                startFrame: header.be32(at: 28), numberOfPackets: header.be32(at: 32), interval: header.be32(at: 36),
                setup: Array(header[(header.startIndex + 40)..<(header.startIndex + 48)]))
            guard submit.transferBufferLength <= Self.maximumTransfer, !submit.isIsochronous || submit.numberOfPackets <= 1024 else {
                throw USBIPError(description: "CMD_SUBMIT seqnum \(seqnum) asks for \(submit.transferBufferLength) bytes in \(submit.numberOfPackets) packets")
            }
            let dataLength = submit.isIn ? 0 : Int(submit.transferBufferLength)
            let isoLength = submit.isIsochronous ? Int(submit.numberOfPackets) * USBIP.isoDescriptorLength : 0
            guard available >= USBIP.headerLength + dataLength + isoLength else { return nil }
            var offset = start + USBIP.headerLength
            submit.outData = Array(buffer[offset..<(offset + dataLength)])
            offset += dataLength
            for _ in 0..<(isoLength / USBIP.isoDescriptorLength) {
                let packet = buffer[offset..<(offset + USBIP.isoDescriptorLength)]
                submit.isoDescriptors.append(
                    ISOPacketDescriptor(
                        offset: packet.be32(at: 0), length: packet.be32(at: 4), actualLength: packet.be32(at: 8),
                        status: Int32(bitPattern: packet.be32(at: 12))))
                offset += USBIP.isoDescriptorLength
            }
            start = offset
            compact()
            return .submit(submit)
        default:
            throw USBIPError(description: "unknown USB/IP command 0x\(String(command, radix: 16)) (seqnum \(seqnum))")
        }
    }

    /// Drops consumed bytes once they are most of the buffer.
    private mutating func compact() {
        if start > 65536 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
