import Glibc
package import MediaController
import SystemPackage

/// Binds and unbinds a device through the driver's sysfs `bind` and `unbind` files, or,
/// for `--unplug`, disconnects and connects its USB device through `authorized` (0, 1): the
/// interface leaves and comes back under the same name, bound by the driver's probe.
package struct SysfsBinding: Sendable {
    /// The bound device's name, e.g. `vimc.0`.
    package var deviceName: String
    /// `/sys/bus/<bus>/drivers/<driver>`.
    package var driverSysPath: String
    /// The USB device's `authorized` file when the run unplugs instead of unbinding.
    package var unplugPath: String?

    package init(deviceName: String, driverSysPath: String, unplugPath: String? = nil) {
        self.deviceName = deviceName
        self.driverSysPath = driverSysPath
        self.unplugPath = unplugPath
    }

    package init(target: StressTarget) {
        self.init(deviceName: target.deviceName, driverSysPath: target.driverSysPath, unplugPath: target.unplugPath)
    }

    /// Whether the device is bound to the driver now.
    package var isBound: Bool {
        access("\(driverSysPath)/\(deviceName)", F_OK) == 0
    }

    /// Writes the device name to `unbind` (releases the device from the driver), or 0 to
    /// the USB device's `authorized` (disconnects it).
    package func unbind() throws(MediaError) {
        if let unplugPath { try write("0", to: unplugPath) } else { try write(deviceName, to: "\(driverSysPath)/unbind") }
    }

    /// Writes the device name to `bind`, or 1 to `authorized` (the device connects again and
    /// the driver probes it).
    package func bind() throws(MediaError) {
        if let unplugPath { try write("1", to: unplugPath) } else { try write(deviceName, to: "\(driverSysPath)/bind") }
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
