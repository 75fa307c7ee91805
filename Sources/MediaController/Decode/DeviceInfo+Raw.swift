package import CLinuxMedia

extension DeviceInfo {
    /// Decodes `struct media_device_info`.
    package init(_ raw: media_device_info) {
        self.init(
            driver: string(fromCArray: raw.driver),
            model: string(fromCArray: raw.model),
            serial: string(fromCArray: raw.serial),
            busInfo: string(fromCArray: raw.bus_info),
            mediaVersion: raw.media_version,
            hardwareRevision: raw.hw_revision,
            driverVersion: raw.driver_version)
    }
}
