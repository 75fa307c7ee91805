import MediaController
import MediaStress
import SystemPackage

/// The documented exit codes (README, `mediactl --help`).
enum ExitStatus {
    static let success: Int32 = 0
    /// `stress`: a kernel splat or a contract deviation was found.
    static let finding: Int32 = 1
    /// Bad arguments, a -d that matches no device, several devices, or none exist, or a
    /// device another program holds (a lock on its media node, another stress run; without
    /// --force: a node of it open, for `stress`; a stream on it, for link/format/apply); an
    /// entity name that matches no entity or several, or an entity without a device node.
    static let usage: Int32 = 2
    /// `stress`: the device did not come back after bind.
    static let deviceLost: Int32 = 3
    /// A system or device error: open or ioctl failed, permission denied.
    static let system: Int32 = 4

    static func code(for error: MediaError) -> Int32 {
        switch error.code {
        case .deviceNotFound, .ambiguousDevice, .noMediaDevices, .invalidArgument, .deviceBusy, .entityNotFound,
            .ambiguousEntity, .noDeviceNode, .kernelLogUnavailable:
            usage
        default: system
        }
    }
}

/// An error that already knows its message and exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32
}

/// Writes a line to standard error.
func printError(_ line: String) {
    _ = try? FileDescriptor.standardError.writeAll((line + "\n").utf8)
}

/// Writes to standard output unbuffered, so progress shows as it happens even in a pipe.
func writeStandardOutput(_ text: String) {
    _ = try? FileDescriptor.standardOutput.writeAll(text.utf8)
}
