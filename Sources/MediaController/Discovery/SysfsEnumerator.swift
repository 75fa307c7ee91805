import Glibc
import SystemPackage

/// Enumerates media devices from `/sys/bus/media/devices`, for machines where
/// libudev is unusable.
public struct SysfsEnumerator: MediaNodeEnumerating {
    let sysfsRoot: String

    public init(sysfsRoot: String = "/sys") { self.sysfsRoot = sysfsRoot }

    public var mechanism: String { "sysfs" }

    public func mediaNodes() throws(MediaError) -> [MediaNode] {
        let directory = "\(sysfsRoot)/bus/media/devices"
        guard let names = directoryEntries(directory) else {
            return []  // no media bus registered: no media devices
        }
        var nodes: [MediaNode] = []
        for name in names where name.hasPrefix("media") {
            guard let sysPath = resolvedPath("\(directory)/\(name)"),
                let uevent = TextFile.readSmall("\(sysPath)/uevent")
            else { continue }
            guard let devname = ueventField("DEVNAME", in: uevent),
                let major = ueventField("MAJOR", in: uevent).flatMap(UInt32.init),
                let minor = ueventField("MINOR", in: uevent).flatMap(UInt32.init)
            else { continue }
            let parentPath = String(sysPath[..<(sysPath.lastIndex(of: "/") ?? sysPath.endIndex)])
            nodes.append(
                MediaNode(
                    devnode: "/dev/" + devname, sysPath: sysPath, major: major, minor: minor,
                    parentName: parentPath.split(separator: "/").last.map(String.init), parentSysPath: parentPath,
                    parentDriver: resolvedPath("\(parentPath)/driver").map(lastComponent),
                    parentSubsystem: resolvedPath("\(parentPath)/subsystem").map(lastComponent)))
        }
        return nodes.sorted { $0.minor < $1.minor }
    }
}

/// The names in a directory, without `.` and `..`; nil when it cannot be read.
func directoryEntries(_ path: String) -> [String]? {
    try? directoryListing(path).get()
}

/// The names in a directory, without `.` and `..`, or why it cannot be read.
func directoryListing(_ path: String) -> Result<[String], Errno> {
    guard let directory = opendir(path) else { return .failure(Errno(rawValue: errno)) }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return .success(names)
}

/// The canonical path with symlinks resolved; nil when it does not exist.
func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

func lastComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

