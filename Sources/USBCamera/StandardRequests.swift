/// The device's answers to the standard requests of chapter 9. SET_ADDRESS never comes
/// here on vhci-hcd, which answers it itself; it is accepted anyway.
struct StandardRequests {
    let configuration: CameraConfiguration
    private(set) var configurationValue: UInt8 = 0

    init(configuration: CameraConfiguration) {
        self.configuration = configuration
    }

    /// The answer to `setup`; `haltCleared` is told which endpoint a CLEAR_FEATURE
    /// (ENDPOINT_HALT) named: uvcvideo stops a bulk stream that way.
    mutating func handle(_ setup: SetupPacket, haltCleared: (UInt8) -> Void) -> ControlOutcome {
        switch (setup.requestType, setup.request) {
        case (0x80, StandardRequest.getDescriptor):
            return descriptor(type: UInt8(setup.value >> 8), index: UInt8(truncatingIfNeeded: setup.value))
        case (0x80, StandardRequest.getStatus), (0x81, StandardRequest.getStatus), (0x82, StandardRequest.getStatus):
            return .data([0, 0])
        case (0x80, StandardRequest.getConfiguration):
            return .data([configurationValue])
        case (0x00, StandardRequest.setConfiguration):
            guard setup.value <= 1 else { return .stall }
            configurationValue = UInt8(setup.value)
            return .done
        case (0x81, StandardRequest.getInterface):
            return isInterface(setup.index) ? .data([0]) : .stall
        case (0x01, StandardRequest.setInterface):
            return isInterface(setup.index) && setup.value == 0 ? .done : .stall
        case (0x02, StandardRequest.clearFeature) where setup.value == 0:  // ENDPOINT_HALT
            let endpoint = UInt8(truncatingIfNeeded: setup.index)
            guard endpoint & 0x7F == 0 || endpoint == Descriptors.streamingEndpoint else { return .stall }
            haltCleared(endpoint)
            return .done
        case (0x00, StandardRequest.setAddress):
            return .done
        default:
            return .stall
        }
    }

    private func isInterface(_ index: UInt16) -> Bool {
        index == UInt16(Descriptors.controlInterface) || index == UInt16(Descriptors.streamingInterface)
    }

    /// GET_DESCRIPTOR: device, configuration and strings; anything else (device
    /// qualifier, BOS, other speed) stalls, as on a device without them.
    private func descriptor(type: UInt8, index: UInt8) -> ControlOutcome {
        switch type {
        case 0x01: return .data(Descriptors.device(configuration))
        case 0x02 where index == 0: return .data(Descriptors.configuration())
        case 0x03: return Descriptors.string(index, configuration).map(ControlOutcome.data) ?? .stall
        default: return .stall
        }
    }
}
