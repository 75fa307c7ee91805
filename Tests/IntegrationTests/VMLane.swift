import Glibc
import MediaController
import MediaControllerTestSupport

/// Which part of the VM lane is running. Each phase runs in its own guest boot:
/// `main` (topology, stress) and `pin` (the use-after-free, which damages the kernel).
/// Outside the VM lane every integration test is disabled, never silently passed.
enum VMLane {
    static var phase: String? {
        guard TestMachine.isVMLane else { return nil }
        return getenv("MEDIACTL_VM_PHASE").map { String(cString: $0) } ?? "main"
    }

    static var isMain: Bool { phase == "main" }
    static var isPin: Bool { phase == "pin" }
    static func isPhase(_ name: String) -> Bool { phase == name }

    /// The media node of a driver, or a failure that names it (in the VM it must exist).
    static func node(driver: String) throws -> String {
        guard let node = TestMachine.mediaNode(driver: driver) else {
            throw LaneFailure("no \(driver) media device in the guest (modprobe \(driver) failed?)")
        }
        return node
    }
}

struct LaneFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
