/// Something the camera did that its program reports.
public enum SessionEvent: Sendable, Equatable {
    /// SET_CONFIGURATION: the host finished enumerating (value 1) or deconfigured it (0).
    case configured(UInt8)
    /// COMMIT: streaming parameters set; bulk URBs now get frames.
    case committed(StreamingControl)
    /// CLEAR_FEATURE(ENDPOINT_HALT) on the streaming endpoint: uvcvideo stopped.
    case streamStopped(framesSent: UInt64)
}

/// One USB/IP connection to vhci-hcd, as a pure state machine: bytes from the host go in
/// with the time since the session began, the bytes of the replies come out. Control
/// transfers are answered at once; bulk IN URBs on the streaming endpoint wait until a
/// stream is committed and their frame is due (frames are paced at the committed
/// interval), and an UNLINK cancels a waiting one.
public struct CameraSession: Sendable {
    public let configuration: CameraConfiguration
    private var decoder = USBIPDecoder()
    private var standard: StandardRequests
    private var classRequests = ClassRequests()
    private var stream: VideoStream?
    private var streamStart: Duration = .zero
    /// Bulk IN URBs waiting for data, oldest first.
    public private(set) var pendingBulk: [SubmitCommand] = []
    private var events: [SessionEvent] = []

    public init(configuration: CameraConfiguration) {
        self.configuration = configuration
        standard = StandardRequests(configuration: configuration)
    }

    /// Takes bytes read from the socket and returns the replies to send, in order.
    public mutating func receive(_ bytes: some Sequence<UInt8>, now: Duration) throws(USBIPError) -> [UInt8] {
        decoder.append(bytes)
        var output: [UInt8] = []
        while let command = try decoder.next() {
            switch command {
            case .submit(let submit): output += handle(submit, now: now)
            case .unlink(let unlink): output += cancel(unlink)
            }
        }
        return output + pump(now: now)
    }

    /// The payloads that are due by `now`, one RET_SUBMIT per waiting bulk URB.
    public mutating func pump(now: Duration) -> [UInt8] {
        var output: [UInt8] = []
        while var current = stream, !pendingBulk.isEmpty {
            if current.isBetweenFrames && streamStart + current.nextFrameDue > now { break }
            let urb = pendingBulk.removeFirst()
            let capacity = min(Int(urb.transferBufferLength), Int(VideoFormat.maxPayloadTransferSize))
            output += SubmitReply(seqnum: urb.seqnum, data: current.nextPayload(capacity: capacity)).encoded
            stream = current
        }
        return output
    }

    /// When `pump` next has something to send; nil when it waits for the host.
    public var nextDeadline: Duration? {
        guard let stream, !pendingBulk.isEmpty else { return nil }
        return stream.isBetweenFrames ? streamStart + stream.nextFrameDue : .zero
    }

    /// The events since the last call.
    public mutating func takeEvents() -> [SessionEvent] {
        defer { events.removeAll() }
        return events
    }

    /// The current value of a unit's control, nil when it has none.
    public func controlValue(entity: UInt8, selector: UInt8) -> Int64? {
        classRequests.current(entity: entity, selector: selector)
    }

    private mutating func handle(_ submit: SubmitCommand, now: Duration) -> [UInt8] {
        if submit.endpoint == 0 { return control(submit, now: now) }
        if submit.endpoint == UInt32(Descriptors.streamingEndpoint & 0x7F), submit.isIn, !submit.isIsochronous {
            pendingBulk.append(submit)
            return []
        }
        return SubmitReply(seqnum: submit.seqnum, status: -32).encoded  // -EPIPE: no such endpoint
    }

    private mutating func control(_ submit: SubmitCommand, now: Duration) -> [UInt8] {
        guard let setup = SetupPacket(submit.setup) else {
            return SubmitReply(seqnum: submit.seqnum, status: -32).encoded
        }
        let outcome: ControlOutcome
        if setup.kind == 0 {
            var cleared = false
            outcome = standard.handle(setup) { cleared = $0 == Descriptors.streamingEndpoint }
            if cleared { stopStream() }
            if setup.request == StandardRequest.setConfiguration, setup.requestType == 0, outcome != .stall {
                events.append(.configured(UInt8(truncatingIfNeeded: setup.value)))
            }
        } else if setup.kind == 1 {
            let before = classRequests.commit
            outcome = classRequests.handle(setup, data: submit.outData)
            if let commit = classRequests.commit, commit != before || stream == nil, setup.request == UVCRequest.setCur {
                startStream(commit, now: now)
            }
        } else {
            outcome = .stall
        }
        switch outcome {
        case .stall:
            return SubmitReply(seqnum: submit.seqnum, status: -32).encoded
        case .data(let data) where submit.isIn:
            let length = min(Int(setup.length), Int(submit.transferBufferLength), data.count)
            return SubmitReply(seqnum: submit.seqnum, data: Array(data.prefix(length))).encoded
        case .data:
            return SubmitReply(seqnum: submit.seqnum, outLength: UInt32(submit.outData.count)).encoded
        }
    }

    private mutating func startStream(_ commit: StreamingControl, now: Duration) {
        guard let size = VideoFormat.frame(index: commit.frameIndex) else { return }
        stream = VideoStream(size: size, interval: commit.frameInterval, seed: configuration.seed)
        streamStart = now
        events.append(.committed(commit))
    }

    private mutating func stopStream() {
        if let stream { events.append(.streamStopped(framesSent: stream.frameNumber)) }
        stream = nil
        classRequests.stopStreaming()
    }

    /// RET_UNLINK: -ECONNRESET when the URB still waited (it gets no RET_SUBMIT), 0 when
    /// it was already answered.
    private mutating func cancel(_ unlink: UnlinkCommand) -> [UInt8] {
        if let index = pendingBulk.firstIndex(where: { $0.seqnum == unlink.unlinkSeqnum }) {
            pendingBulk.remove(at: index)
            return UnlinkReply(seqnum: unlink.seqnum, status: UnlinkReply.connectionReset).encoded
        }
        return UnlinkReply(seqnum: unlink.seqnum, status: 0).encoded
    }
}
