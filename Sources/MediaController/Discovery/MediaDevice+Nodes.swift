import Glibc
import SystemPackage

extension MediaDevice {
    /// Every device node of the media device, by number: the media node itself (`fstat` of
    /// the open node, whatever path named it) and the node of each interface of its graph
    /// (`MEDIA_IOC_G_TOPOLOGY`: video, subdev, vbi, radio, swradio, touch, DVB, ALSA), each
    /// with the path `devnodes` gives its number (`M:m` when none).
    package func deviceNodes(devnodes: any DevnodeResolving) throws(MediaError) -> [DeviceNode] {
        var status = stat()
        guard fstat(fileDescriptor.rawValue, &status) == 0 else {
            throw MediaError(code: .fileFailed, errno: Errno(rawValue: errno), path: path, operation: "stat")
        }
        var nodes = [DeviceNode(path: path, number: DeviceNumber(rdev: UInt64(status.st_rdev)))]
        for interface in try topology().interfaces {
            let number = DeviceNumber(major: interface.major, minor: interface.minor)
            nodes.append(
                DeviceNode(
                    path: devnodes.devnode(major: interface.major, minor: interface.minor) ?? number.description,
                    number: number, interfaceType: interface.type.rawValue))
        }
        return nodes
    }
}
