import Glibc
package import MediaController
import SystemPackage

/// Binds and unbinds a device through the driver's sysfs `bind` and `unbind` files.
package struct SysfsBinding: Sendable {
    /// The bound device's name, e.g. `vimc.0`.
    package var deviceName: String
    /// `/sys/bus/<bus>/drivers/<driver>`.
    package var driverSysPath: String

    package init(deviceName: String, driverSysPath: String) {
        self.deviceName = deviceName
        self.driverSysPath = driverSysPath
    }

    package init(target: StressTarget) {
        self.init(deviceName: target.deviceName, driverSysPath: target.driverSysPath)
    }

    /// Whether the device is bound to the driver now.
    package var isBound: Bool {
        access("\(driverSysPath)/\(deviceName)", F_OK) == 0
    }

    /// Writes the device name to `unbind`. Releases the device from the driver.
    package func unbind() throws(MediaError) {
        try write(deviceName, to: "\(driverSysPath)/unbind")
    }

    /// Writes the device name to `bind`.
    package func bind() throws(MediaError) {
        try write(deviceName, to: "\(driverSysPath)/bind")
    }

    /// Binds the device if it is not bound; used on every exit path.
    package func ensureBound() throws(MediaError) {
        if !isBound { try bind() }
    }

    func write(_ value: String, to path: String) throws(MediaError) {
        do throws(MediaError) {
            try TextFile.write(value, to: path, creating: false)
        } catch {
            throw MediaError(code: .sysfsFailed, errno: error.errno, path: path, operation: "write '\(value)'")
        }
    }
}
