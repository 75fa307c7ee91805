/// UVC class request codes (UVC 1.1 table A-8).
public enum UVCRequest {
    public static let setCur: UInt8 = 0x01
    public static let getCur: UInt8 = 0x81
    public static let getMin: UInt8 = 0x82
    public static let getMax: UInt8 = 0x83
    public static let getRes: UInt8 = 0x84
    public static let getLen: UInt8 = 0x85
    public static let getInfo: UInt8 = 0x86
    public static let getDef: UInt8 = 0x87
}

/// One control of a unit: its size, range and current value, little-endian.
struct UnitControl {
    var minimum: Int64
    var maximum: Int64
    var resolution: Int64
    var defaultValue: Int64
    var current: Int64
    var size: Int

    init(size: Int, minimum: Int64, maximum: Int64, defaultValue: Int64) {
        self.size = size
        self.minimum = minimum
        self.maximum = maximum
        self.resolution = 1
        self.defaultValue = defaultValue
        self.current = defaultValue
    }

    func bytes(_ value: Int64) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The value of `data`, sign-extended when the range is signed.
    func value(of data: [UInt8]) -> Int64 {
        var value = data.prefix(size).reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        if minimum < 0, size < 8, value & (1 << (8 * size - 1)) != 0 { value -= 1 << (8 * size) }
        return value
    }
}

/// The class-specific requests to the VideoControl interface (the processing unit's
/// brightness and contrast, the extension unit's one control, the request error code)
/// and to the VideoStreaming interface (PROBE and COMMIT).
struct ClassRequests {
    /// UVC 1.1 §4.2.1.2: what the last stalled request did wrong (4 out of range, 5
    /// invalid unit, 6 invalid control, 7 invalid request).
    private(set) var requestError: UInt8 = 0
    private(set) var probe = StreamingControl.defaultValue
    /// The committed streaming parameters, nil until COMMIT.
    private(set) var commit: StreamingControl?
    private var controls: [UInt16: UnitControl] = [
        key(Descriptors.Entity.processing, 0x02): UnitControl(size: 2, minimum: -64, maximum: 64, defaultValue: 0),
        key(Descriptors.Entity.processing, 0x03): UnitControl(size: 2, minimum: 0, maximum: 100, defaultValue: 50),
        key(Descriptors.Entity.extensionUnit, 0x01): UnitControl(size: 4, minimum: 0, maximum: 0xFFFF, defaultValue: 0),
    ]

    static func key(_ entity: UInt8, _ selector: UInt8) -> UInt16 { UInt16(entity) << 8 | UInt16(selector) }

    /// The current value of a control (for tests and the log), nil when none.
    func current(entity: UInt8, selector: UInt8) -> Int64? {
        controls[Self.key(entity, selector)]?.current
    }

    mutating func handle(_ setup: SetupPacket, data: [UInt8]) -> ControlOutcome {
        let interface = UInt8(truncatingIfNeeded: setup.index)
        let entity = UInt8(setup.index >> 8)
        let selector = UInt8(setup.value >> 8)
        let outcome: ControlOutcome
        switch (interface, entity) {
        case (Descriptors.streamingInterface, 0):
            outcome = streaming(setup.request, selector: selector, data: data)
        case (Descriptors.controlInterface, 0):
            outcome = selector == 0x02 ? errorCode(setup.request) : stall(6)
        case (Descriptors.controlInterface, _):
            outcome = unit(setup.request, key: Self.key(entity, selector), entity: entity, data: data)
        default:
            outcome = stall(5)
        }
        if case .data = outcome, setup.request != UVCRequest.getCur || selector != 0x02 || entity != 0 { requestError = 0 }
        return outcome
    }

    private mutating func stall(_ code: UInt8) -> ControlOutcome {
        requestError = code
        return .stall
    }

    private mutating func errorCode(_ request: UInt8) -> ControlOutcome {
        switch request {
        case UVCRequest.getCur: .data([requestError])
        case UVCRequest.getInfo: .data([0x01])
        default: stall(7)
        }
    }

    private mutating func unit(_ request: UInt8, key: UInt16, entity: UInt8, data: [UInt8]) -> ControlOutcome {
        guard entity <= Descriptors.Entity.output else { return stall(5) }
        guard var control = controls[key] else { return stall(6) }
        switch request {
        case UVCRequest.getCur: return .data(control.bytes(control.current))
        case UVCRequest.getMin: return .data(control.bytes(control.minimum))
        case UVCRequest.getMax: return .data(control.bytes(control.maximum))
        case UVCRequest.getRes: return .data(control.bytes(control.resolution))
        case UVCRequest.getDef: return .data(control.bytes(control.defaultValue))
        case UVCRequest.getLen: return .data([UInt8(control.size), 0])
        case UVCRequest.getInfo: return .data([0x03])  // GET and SET supported
        case UVCRequest.setCur:
            guard data.count == control.size else { return stall(7) }
            let value = control.value(of: data)
            guard (control.minimum...control.maximum).contains(value) else { return stall(4) }
            control.current = value
            controls[key] = control
            return .done
        default: return stall(7)
        }
    }

    /// VS_PROBE_CONTROL (1) and VS_COMMIT_CONTROL (2).
    private mutating func streaming(_ request: UInt8, selector: UInt8, data: [UInt8]) -> ControlOutcome {
        guard selector == 1 || selector == 2 else { return stall(6) }
        let isProbe = selector == 1
        switch request {
        case UVCRequest.setCur:
            guard let proposal = StreamingControl(data) else { return stall(7) }
            let negotiated = StreamingControl.negotiated(proposal)
            if isProbe { probe = negotiated } else { commit = negotiated }
            return .done
        case UVCRequest.getCur: return .data(isProbe ? probe.encoded : (commit ?? probe).encoded)
        case UVCRequest.getMin where isProbe: return .data(StreamingControl.minimum.encoded)
        case UVCRequest.getMax where isProbe: return .data(StreamingControl.maximum.encoded)
        case UVCRequest.getDef where isProbe: return .data(StreamingControl.defaultValue.encoded)
        case UVCRequest.getLen: return .data([UInt8(StreamingControl.length), 0])
        case UVCRequest.getInfo: return .data([0x03])
        default: return stall(7)
        }
    }

    /// Forgets the committed parameters: the stream stopped.
    mutating func stopStreaming() {
        commit = nil
    }
}
