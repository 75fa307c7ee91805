import Glibc
import MediaController
import USBCamera

/// vhci-hcd's sysfs interface: `status` lists the ports, `attach` takes "PORT SOCKFD
/// DEVID SPEED" with an open stream socket of the writing process, `detach` takes a port.
struct VHCIController {
    let directory: String

    /// Checks that the controller exists, before anything is changed.
    init(directory: String) throws(USBCamFailure) {
        self.directory = directory
        guard (try? TextFile.read("\(directory)/status")) != nil else {
            throw USBCamFailure(
                message: "no vhci_hcd at \(directory) (load it: modprobe vhci-hcd)", exitCode: ExitStatus.usage)
        }
    }

    func ports() throws(USBCamFailure) -> [VHCIPort] {
        do {
            return VHCIPort.parse(try TextFile.read("\(directory)/status"))
        } catch {
            throw USBCamFailure(message: "\(error)", exitCode: ExitStatus.system)
        }
    }

    func port(_ number: Int) -> VHCIPort? {
        (try? ports())?.first { $0.port == number && $0.hub == "hs" }
    }

    func freePort() throws(USBCamFailure) -> Int {
        guard let port = try ports().first(where: \.isFreeHighSpeed) else {
            throw USBCamFailure(message: "no free high-speed port on \(directory)/status", exitCode: ExitStatus.noFreePort)
        }
        return port.port
    }

    func attach(port: Int, socket: Int32) throws(USBCamFailure) {
        do {
            try TextFile.write(vhciAttachLine(port: port, socket: socket, devid: 0x0001_0002), to: "\(directory)/attach", creating: false)
        } catch {
            throw USBCamFailure(message: "attach to port \(port): \(error)", exitCode: ExitStatus.system)
        }
    }

    /// Detaches `port` unless it is already free, then waits up to 10 s for it to be.
    /// Returns false when it is still taken.
    func detach(port: Int) -> Bool {
        if let current = self.port(port), current.status != VHCIPort.free {
            try? TextFile.write("\(port)", to: "\(directory)/detach", creating: false)
        }
        for _ in 0..<200 {
            if self.port(port)?.status == VHCIPort.free { return true }
            usleep(50_000)
        }
        return false
    }
}
