import CLinuxMedia

/// The `MEDIA_IOC_DEVICE_INFO` checks of v4l2-compliance (`testMediaDeviceInfo`).
enum DeviceInfoChecks {
    /// driver is a terminated string; model, serial and bus_info too where not empty.
    static func strings(_ input: MediaCheckInput) -> CheckOutcome {
        let info = input.deviceInfo
        var problems: [String] = []
        if !isTerminated(info.driver) { problems.append("driver is not NUL-terminated") }
        if firstByte(info.driver) == 0 { problems.append("driver is empty") }
        if firstByte(info.model) != 0, !isTerminated(info.model) { problems.append("model is not NUL-terminated") }
        if firstByte(info.serial) != 0, !isTerminated(info.serial) { problems.append("serial is not NUL-terminated") }
        if firstByte(info.bus_info) != 0, !isTerminated(info.bus_info) {
            problems.append("bus_info is not NUL-terminated")
        }
        return .from(problems)
    }

    /// The reserved words come back zeroed (the structure was filled with 0xff).
    static func reserved(_ input: MediaCheckInput) -> CheckOutcome {
        isZero(input.deviceInfo.reserved) ? .pass : .fail(["reserved fields are not zeroed"])
    }

    /// The bus_info prefixes v4l2-compliance accepts.
    static let busInfoPrefixes = ["usb-", "PCI:", "PCIe:", "ISA:", "I2C:", "parport", "platform:", "rmi4:"]

    /// bus_info starts with a known bus prefix (an empty one is only a warning there: skip).
    static func busInfo(_ input: MediaCheckInput) -> CheckOutcome {
        guard isTerminated(input.deviceInfo.bus_info) else { return .fail(["bus_info is not NUL-terminated"]) }
        let busInfo = string(fromCArray: input.deviceInfo.bus_info)
        if busInfo.isEmpty { return .skip("bus_info is empty") }
        if busInfoPrefixes.contains(where: { busInfo.hasPrefix($0) }) { return .pass }
        return .fail(["bus_info '\(busInfo)' has none of the prefixes \(busInfoPrefixes.joined(separator: " "))"])
    }

    /// `MEDIA_API_VERSION` of the legacy header (0.1.0), which no kernel reports any more.
    static let legacyAPIVersion: UInt32 = 0x00_01_00

    /// media_version is set; a kernel-versioned media API reports the same driver_version.
    static func versions(_ input: MediaCheckInput) -> CheckOutcome {
        let info = input.deviceInfo
        var problems: [String] = []
        if info.media_version == 0 { problems.append("media_version is 0") }
        if info.media_version != legacyAPIVersion, info.driver_version != info.media_version {
            problems.append(
                "driver_version \(kernelVersionString(info.driver_version)) differs from media_version "
                    + kernelVersionString(info.media_version))
        }
        return .from(problems)
    }
}
