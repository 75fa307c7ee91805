// mediactl-usbcam: serves the emulated USB camera (USBCamera) to the kernel's vhci-hcd
// over a socket pair, so that uvcvideo binds to it with no hardware: attach to a free
// high-speed port, serve until SIGTERM/SIGINT or the kernel closes the connection,
// detach on the way out. Not installed; Scripts/vm/usbcam runs it in the VM.
//
// May use: USBCamera, MediaController, KernelLog (the kernel's reason when enumeration fails).
// Imports: ArgumentParser, KernelLog, MediaController, SystemPackage, USBCamera.

import ArgumentParser
import Glibc
import MediaController
import SystemPackage
import USBCamera

/// The documented exit codes (`mediactl-usbcam --help`).
enum ExitStatus {
    static let success: Int32 = 0
    /// Bad arguments, or vhci-hcd is not loaded (`modprobe vhci-hcd` is the caller's).
    static let usage: Int32 = 2
    /// Every high-speed port of the controller is taken.
    static let noFreePort: Int32 = 3
    /// Not root, or a system call failed: socketpair, attach, the socket.
    static let system: Int32 = 4
    /// The host never finished enumerating the camera within --timeout.
    static let notEnumerated: Int32 = 5
}

/// An error that already knows its message and exit code.
struct USBCamFailure: Error {
    var message: String
    var exitCode: Int32
}

@main
struct USBCam: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediactl-usbcam",
        abstract: "An emulated UVC camera served over USB/IP to vhci-hcd, for uvcvideo without hardware.",
        discussion: """
            Exit codes: 0 served and detached; 2 usage, or no vhci_hcd (modprobe vhci-hcd); 3 no free \
            high-speed port; 4 not root, or a system call failed; 5 the host did not enumerate the \
            camera within --timeout.
            """,
        subcommands: [Attach.self])

    /// Parses, runs, and exits with the documented codes; an error is one line on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            Glibc.exit(ExitStatus.success)
        } catch let failure as USBCamFailure {
            printLine("mediactl-usbcam: \(failure.message)", to: .standardError)
            Glibc.exit(failure.exitCode)
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                printLine(message)  // --help
                Glibc.exit(ExitStatus.success)
            }
            // Bad input is one line: what was wrong (the usage is one --help away).
            let line = message.split(separator: "\n").first { !$0.hasPrefix("Usage:") }.map(String.init) ?? "invalid arguments"
            let text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
            printLine("mediactl-usbcam: \(text) (see --help)", to: .standardError)
            Glibc.exit(status == .validationFailure ? ExitStatus.usage : status.rawValue)
        }
    }
}

struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach the camera to a free vhci-hcd port and serve it until SIGTERM/SIGINT or the port is detached.",
        discussion: """
            Prints 'attached port P' at once, then 'enumerated port P: /sys/bus/usb/devices/BUS-PORT \
            serial S' once the host has configured it. Detaches the port on the way out.
            """)

    @Option(help: "The USB serial number: a test follows the camera by it across unplugs.")
    var serial = "MCTL0001"

    @Option(help: "The seed of the frame content.")
    var seed: UInt64 = 1

    @Option(help: "The vhci-hcd controller's sysfs directory.")
    var controller = "/sys/devices/platform/vhci_hcd.0"

    @Option(help: "Seconds the host has to enumerate the camera.")
    var timeout: Int = 60

    @Option(help: ArgumentHelp(
        "Vanish by itself SECONDS after each enumeration: close the connection mid-transfer, as a device losing power.",
        discussion: "At the next moment a streaming transfer is pending, or 2 s later if none comes. vhci disconnects the device; the camera attaches again on the same port after --return-after.",
        valueName: "SECONDS"))
    var vanishEvery: Double?

    @Option(help: "How many times to vanish (with --vanish-every); then it serves until SIGTERM.")
    var vanishCount: Int = 1

    @Option(help: ArgumentHelp("Seconds the vanished camera stays away before it attaches again.", valueName: "SECONDS"))
    var returnAfter: Double = 1

    func validate() throws {
        guard !serial.isEmpty, serial.utf16.count <= 126, serial.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ValidationError("--serial must be 1 to 126 printable ASCII characters")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let vanishEvery, !(vanishEvery > 0 && vanishEvery <= 3600) {
            throw ValidationError("--vanish-every must be more than 0 and at most 3600 seconds")
        }
        guard vanishCount >= 1 else { throw ValidationError("--vanish-count must be at least 1") }
        guard returnAfter >= 0, returnAfter <= 3600 else { throw ValidationError("--return-after must be 0 to 3600 seconds") }
        if vanishEvery == nil, vanishCount != 1 || returnAfter != 1 {
            throw ValidationError("--vanish-count and --return-after need --vanish-every")
        }
    }

    func run() throws {
        let host = try VHCIController(directory: controller)
        guard geteuid() == 0 else {
            throw USBCamFailure(message: "attach needs root: it writes \(controller)/attach", exitCode: ExitStatus.system)
        }
        let port = try host.freePort()
        let server = try CameraServer(
            configuration: CameraConfiguration(serial: serial, seed: seed), host: host, port: port,
            enumerationTimeout: .seconds(timeout),
            vanish: vanishEvery.map {
                CameraServer.VanishPlan(every: .milliseconds(Int($0 * 1000)), count: vanishCount, returnAfter: .milliseconds(Int(returnAfter * 1000)))
            })
        try server.run()
    }
}

/// Writes a line unbuffered, so that a script reading the pipe sees it at once.
func printLine(_ line: String, to file: FileDescriptor = .standardOutput) {
    _ = try? file.writeAll(Array((line + "\n").utf8))
}
