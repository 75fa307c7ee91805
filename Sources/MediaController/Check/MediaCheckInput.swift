package import CLinuxMedia
import Glibc
public import SystemPackage

/// What a device file is, as `stat` tells.
public struct DeviceFileStatus: Sendable, Equatable {
    public var isCharacterDevice: Bool
    public var major: UInt32
    public var minor: UInt32

    public init(isCharacterDevice: Bool, major: UInt32, minor: UInt32) {
        self.isCharacterDevice = isCharacterDevice
        self.major = major
        self.minor = minor
    }
}

/// Looks at device files; the real file system, or a recording in tests.
public protocol DeviceFileStatting {
    func status(of path: String) -> Result<DeviceFileStatus, Errno>
}

/// `stat(2)` on the real file system.
public struct LiveDeviceFiles: DeviceFileStatting {
    public init() {}

    /// The corresponding C function is `stat`.
    public func status(of path: String) -> Result<DeviceFileStatus, Errno> {
        var info = stat()
        if case .failure(let errno) = valueOrErrno({ stat(path, &info) }) { return .failure(errno) }
        let number = DeviceNumber(rdev: UInt64(info.st_rdev))
        return .success(
            DeviceFileStatus(isCharacterDevice: info.st_mode & S_IFMT == S_IFCHR, major: number.major, minor: number.minor))
    }
}

/// Everything the structural checks look at, as the kernel returned it: read once from
/// a live device or a recording, so the checks themselves are pure.
public struct MediaCheckInput {
    public var devnode: String
    /// `MEDIA_IOC_DEVICE_INFO`, read into a structure filled with 0xff first (as
    /// v4l2-compliance does) so unterminated strings and unset fields show.
    package var deviceInfo: media_device_info
    /// `MEDIA_IOC_G_TOPOLOGY`; nil where the kernel does not have it.
    package var topology: RawTopology?
    /// `MEDIA_IOC_ENUM_ENTITIES`, in the order the `MEDIA_ENT_ID_FLAG_NEXT` walk gave.
    package var entities: [media_entity_desc]
    /// `MEDIA_IOC_ENUM_LINKS` of each entity, by entity id.
    package var links: [UInt32: RawEntityLinks]
    public var devnodes: any DevnodeResolving
    public var files: any DeviceFileStatting

    package init(
        devnode: String, deviceInfo: media_device_info, topology: RawTopology?, entities: [media_entity_desc],
        links: [UInt32: RawEntityLinks], devnodes: any DevnodeResolving, files: any DeviceFileStatting
    ) {
        self.devnode = devnode
        self.deviceInfo = deviceInfo
        self.topology = topology
        self.entities = entities
        self.links = links
        self.devnodes = devnodes
        self.files = files
    }

    /// Reads every structure the checks need. `deviceInfo`, when given, replaces the
    /// source's (the live device reads it again into a 0xff-filled structure).
    package static func read(
        _ source: some MediaDataSource, deviceInfo: media_device_info? = nil, devnodes: any DevnodeResolving,
        files: any DeviceFileStatting
    ) throws(MediaError) -> MediaCheckInput {
        let info: media_device_info
        if let deviceInfo { info = deviceInfo } else { info = try source.rawDeviceInfo() }
        var topology: RawTopology?
        do throws(MediaError) {
            topology = try source.rawTopology()
        } catch where error.errno == .inappropriateIOCTLForDevice {
            topology = nil
        }
        let entities = try source.rawEntities()
        var links: [UInt32: RawEntityLinks] = [:]
        for entity in entities { links[entity.id] = try source.rawLinks(of: entity) }
        return MediaCheckInput(
            devnode: source.path, deviceInfo: info, topology: topology, entities: entities, links: links,
            devnodes: devnodes, files: files)
    }

    package var mediaVersion: UInt32 { deviceInfo.media_version }

    /// Whether G_TOPOLOGY pads carry an index on this media API version.
    var padsHaveIndex: Bool { CLinuxMedia_media_v2_pad_has_index(mediaVersion) != 0 }

    /// The legacy view, decoded.
    var legacy: LegacyTopology {
        LegacyTopology(entities: entities.map { LegacyEntity($0, links: links[$0.id] ?? RawEntityLinks(pads: [], links: [])) })
    }
}

/// `MEDIA_IOC_DEVICE_INFO` into a structure filled with 0xff, as v4l2-compliance reads it.
extension MediaDevice {
    package func rawDeviceInfoFilled() throws(MediaError) -> media_device_info {
        var info = media_device_info()
        withUnsafeMutableBytes(of: &info) { bytes in
            for index in bytes.indices { bytes[index] = 0xff }
        }
        try call(.deviceInfo, &info)
        return info
    }
}

/// Whether a fixed-size C char array holds a NUL.
func isTerminated<Tuple>(_ array: Tuple) -> Bool {
    withUnsafeBytes(of: array) { $0.contains(0) }
}

/// Whether every byte of a value is zero.
func isZero<Value>(_ value: Value) -> Bool {
    withUnsafeBytes(of: value) { $0.allSatisfy { $0 == 0 } }
}

/// The first byte of a fixed-size C char array.
func firstByte<Tuple>(_ array: Tuple) -> UInt8 {
    withUnsafeBytes(of: array) { $0.first ?? 0 }
}
