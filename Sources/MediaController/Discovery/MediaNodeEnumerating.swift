/// Finds the media device nodes of this machine.
public protocol MediaNodeEnumerating: Sendable {
    /// Every media device node, ordered by minor number. Throws only when
    /// enumeration itself fails, not when there are no devices.
    func mediaNodes() throws(MediaError) -> [MediaNode]
    /// Which mechanism this is, for reports: `udev` or `sysfs`.
    var mechanism: String { get }
}
