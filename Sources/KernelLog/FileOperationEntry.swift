/// Where a kernel finding came in from user space: the system call, the driver's file
/// operation that the VFS called (the first frame inside the driver), and the frames from it
/// to the faulting function. That entry used the object without holding a reference to it,
/// so it is where the reasoning about a fix starts: `media_device_ioctl -> media_device_get_info`.
package struct FileOperationEntry: Sendable, Equatable, CustomStringConvertible {
    /// `ioctl`, `open`, `read`, `write`, `poll`, `mmap` or `close`.
    package var syscall: String
    /// The file operation the VFS called, e.g. `media_device_ioctl` (`media_ioctl` is a tail
    /// call on x86 builds and does not appear), `v4l2_ioctl`, `subdev_open`.
    package var entry: String
    /// The frames from `entry` inwards to the faulting function, e.g.
    /// `[media_device_ioctl, media_device_enum_links, find_entity]`.
    package var path: [String]

    /// `ioctl: media_device_ioctl -> media_device_get_info`.
    package var description: String { "\(syscall): " + path.joined(separator: " -> ") }

    /// The VFS and system-call frames a file operation is called from, and the system call
    /// each stands for. The driver's frame is the one just inside the first of them.
    static let vfsFrames: [String: String] = [
        "vfs_ioctl": "ioctl", "__x64_sys_ioctl": "ioctl", "__se_sys_ioctl": "ioctl", "__do_sys_ioctl": "ioctl",
        "__arm64_sys_ioctl": "ioctl", "do_vfs_ioctl": "ioctl", "__x64_compat_sys_ioctl": "ioctl",
        "chrdev_open": "open", "do_dentry_open": "open", "vfs_open": "open", "path_openat": "open",
        "vfs_read": "read", "ksys_read": "read", "__x64_sys_read": "read",
        "vfs_write": "write", "ksys_write": "write", "__x64_sys_write": "write",
        "vfs_poll": "poll", "do_poll": "poll", "do_sys_poll": "poll", "do_select": "poll", "ep_item_poll": "poll",
        "mmap_region": "mmap", "do_mmap": "mmap", "__mmap_region": "mmap",
        "__fput": "close", "____fput": "close", "__fput_sync": "close",
    ]

    /// The entry of `frames` (innermost first, as `KernelFinding.frames` and the sweep keep
    /// them) and the faulting `function` when it is not the first frame; nil when the frames
    /// never reach a VFS frame (a worker, an interrupt, a cut-off trace) or the fault is in
    /// the VFS itself.
    package static func find(function: String? = nil, frames: [String]) -> FileOperationEntry? {
        var names = frames.map { String($0.split(separator: " ").first ?? "") }
        if let function, names.first != function { names.insert(function, at: 0) }
        guard let boundary = names.firstIndex(where: { vfsFrames[$0] != nil }), boundary > 0,
              let syscall = vfsFrames[names[boundary]]
        else { return nil }
        let path = Array(names[..<boundary].reversed())
        return FileOperationEntry(syscall: syscall, entry: path[0], path: path)
    }

    /// The entry of a classified finding.
    package static func find(in finding: KernelFinding) -> FileOperationEntry? {
        find(function: finding.function, frames: finding.frames.map(\.function))
    }
}
