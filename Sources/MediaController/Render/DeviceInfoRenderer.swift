/// The device information lines with media-ctl's labels, as `media-ctl -p` prints them
/// under "Media device information" and `mediactl info` prints them for a node.
enum DeviceInfoRenderer {
    static func lines(_ info: DeviceInfo) -> String {
        """
        driver          \(info.driver)
        model           \(info.model)
        serial          \(info.serial)
        bus info        \(info.busInfo)
        hw revision     0x\(String(info.hardwareRevision, radix: 16))
        driver version  \(kernelVersionString(info.driverVersion))

        """
    }
}
