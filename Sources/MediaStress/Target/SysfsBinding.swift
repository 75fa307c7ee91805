import Glibc
package import MediaController
import SystemPackage

/// How a cycle takes the device away and gives it back.
package enum Disconnection: Sendable, Codable, Equatable {
    /// The driver's sysfs `unbind` and `bind` files (the default).
    case unbind
    /// `--unplug`: the USB device's `authorized` file (…/usb1/1-1/authorized), written 0 and 1:
    /// the kernel disconnects the device as a cable pull does.
    case authorized(path: String)
    /// `--await-unplug`: somebody else disconnects and connects the device (a cable pulled by
    /// hand, a switched hub port, the emulated camera vanishing); the run waits for each, at
    /// most `seconds`.
    case awaited(seconds: Double)
}

extension Disconnection {
    private enum Keys: String, CodingKey { case kind, path, seconds }

    /// JSON: `{"kind": "unbind"}`, `{"kind": "authorized", "path": …}`, `{"kind": "awaited", "seconds": …}`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .unbind: try container.encode("unbind", forKey: .kind)
        case .authorized(let path):
            try container.encode("authorized", forKey: .kind)
            try container.encode(path, forKey: .path)
        case .awaited(let seconds):
            try container.encode("awaited", forKey: .kind)
            try container.encode(seconds, forKey: .seconds)
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "unbind": self = .unbind
        case "authorized": self = .authorized(path: try container.decode(String.self, forKey: .path))
        case "awaited": self = .awaited(seconds: try container.decode(Double.self, forKey: .seconds))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown disconnection '\(other)'")
        }
    }
}

/// Binds and unbinds a device through the driver's sysfs `bind` and `unbind` files, or,
/// for `--unplug`, disconnects and connects its USB device through `authorized` (0, 1), or,
/// for `--await-unplug`, waits for somebody else to: the interface leaves and comes back
/// under the same name, bound by the driver's probe.
package struct SysfsBinding: Sendable {
    /// The bound device's name, e.g. `vimc.0`.
    package var deviceName: String
    /// `/sys/bus/<bus>/drivers/<driver>`.
    package var driverSysPath: String
    package var disconnection: Disconnection

    package init(deviceName: String, driverSysPath: String, disconnection: Disconnection = .unbind) {
        self.deviceName = deviceName
        self.driverSysPath = driverSysPath
        self.disconnection = disconnection
    }

    package init(target: StressTarget) {
        self.init(deviceName: target.deviceName, driverSysPath: target.driverSysPath, disconnection: target.disconnection)
    }

    /// Whether the device is bound to the driver now.
    package var isBound: Bool {
        access("\(driverSysPath)/\(deviceName)", F_OK) == 0
    }

    /// Writes the device name to `unbind` (releases the device from the driver), or 0 to
    /// the USB device's `authorized` (disconnects it), or waits until somebody else has
    /// disconnected it (a timeout when nobody did).
    package func unbind() throws(MediaError) {
        switch disconnection {
        case .unbind: try write(deviceName, to: "\(driverSysPath)/unbind")
        case .authorized(let path): try write("0", to: path)
        case .awaited(let seconds): try awaitGone(seconds: seconds)
        }
    }

    /// Writes the device name to `bind`, or 1 to `authorized` (the device connects again and
    /// the driver probes it); nothing when somebody else connects it (the caller waits for
    /// its nodes).
    package func bind() throws(MediaError) {
        switch disconnection {
        case .unbind: try write(deviceName, to: "\(driverSysPath)/bind")
        case .authorized(let path): try write("1", to: path)
        case .awaited: break
        }
    }

    /// Binds the device if it is not bound; used on every exit path. A device somebody else
    /// disconnects is theirs to connect: an error when it is not back, without waiting (a
    /// stop signal must not wait).
    package func ensureBound() throws(MediaError) {
        if isBound { return }
        if case .awaited = disconnection {
            throw MediaError(
                code: .deviceNotFound, path: "\(driverSysPath)/\(deviceName)", operation: "--await-unplug",
                detail: "the device is not connected again")
        }
        try bind()
    }

    /// Waits until the device is gone, at most `seconds`: NodeWaiter's wait (device events
    /// where udevd runs, polling elsewhere), with this mode's own message when nobody did.
    private func awaitGone(seconds: Double) throws(MediaError) {
        let bound = "\(driverSysPath)/\(deviceName)"
        do throws(MediaError) {
            _ = try NodeWaiter(timeout: seconds, settleUdev: false).waitGone([bound])
        } catch where error.code == .timedOut {
            throw MediaError(
                code: .timedOut, path: bound, operation: "--await-unplug",
                detail: "nobody disconnected the device within \(Int(seconds)) s")
        }
    }

    func write(_ value: String, to path: String) throws(MediaError) {
        do throws(MediaError) {
            try TextFile.write(value, to: path, creating: false)
        } catch {
            throw MediaError(code: .sysfsFailed, errno: error.errno, path: path, operation: "write '\(value)'")
        }
    }
}
