import Glibc
import MediaController

/// Facts about the machine that decide whether kernel-backed tests can run.
public enum TestMachine {
    /// The repository root: three levels up from
    /// Sources/MediaControllerTestSupport/Conditions.swift.
    public static let repository: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    /// True inside the VM lane (`Scripts/vm/run` sets `MEDIACTL_VM=1`). There, tests that
    /// need a kernel must run: a missing device is a failure, never a skip.
    public static var isVMLane: Bool { getenv("MEDIACTL_VM").map { String(cString: $0) == "1" } ?? false }

    public static var isRoot: Bool { geteuid() == 0 }

    /// The media node of the first device whose driver is `driver`, if any.
    public static func mediaNode(driver: String) -> String? {
        (try? defaultEnumerator().mediaNodes())?.first { node in
            node.parentDriver == driver || (try? MediaDevice(path: node.devnode).deviceInfo().driver) == driver
        }?.devnode
    }

    /// Whether tests that need `driver` should run: always in the VM lane (so that a
    /// broken guest fails loudly), elsewhere only when the device is there.
    public static func shouldRunKernelTests(driver: String) -> Bool {
        isVMLane || mediaNode(driver: driver) != nil
    }
}
