import Foundation
import MediaControllerTestSupport
import Testing

/// mediactl-usbcam's bad input: one line naming what was wrong and the documented exit
/// code, before anything is attached. Runs the built binary against fake controllers.
@Suite struct CommandLineTests {
    static var path: String {
        BuiltBinary.mediactlPath.replacingOccurrences(of: "/mediactl", with: "/mediactl-usbcam", options: .backwards)
    }

    static func run(_ arguments: [String]) async -> BuiltBinary.Result {
        await BuiltBinary.runProgram(path, arguments)
    }

    /// A controller directory whose `status` has `lines` (and no `attach` file: a write
    /// to it would fail with exit 4, so an exit 3 also says nothing was written).
    static func controller(_ lines: [String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("usbcam-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = (["hub port sta spd dev      sockfd local_busid"] + lines).joined(separator: "\n") + "\n"
        try text.write(toFile: directory + "/status", atomically: true, encoding: .utf8)
        return directory
    }

    @Test func noVHCI() async {
        let result = await Self.run(["attach", "--controller", "/nonexistent/vhci_hcd.0"])
        #expect(result.status == 2)
        #expect(result.stderr == "mediactl-usbcam: no vhci_hcd at /nonexistent/vhci_hcd.0 (load it: modprobe vhci-hcd)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func badSerial() async {
        let result = await Self.run(["attach", "--serial", "two words"])
        #expect(result.status == 2)
        #expect(result.stderr == "mediactl-usbcam: --serial must be 1 to 126 printable ASCII characters (see --help)\n")
    }

    /// Every high-speed port taken (a SuperSpeed one free does not count): exit 3 as
    /// root; not root, exit 4 first.
    @Test func noFreePort() async throws {
        let directory = try Self.controller([
            "hs  0000 006 003 00010002 000003 1-1", "hs  0001 005 003 00010003 000004 0-0", "ss  0015 004 000 00000000 000000 0-0",
        ])
        defer { FileTree.remove(directory) }
        let result = await Self.run(["attach", "--controller", directory])
        if geteuid() == 0 {
            #expect(result.status == 3)
            #expect(result.stderr == "mediactl-usbcam: no free high-speed port on \(directory)/status\n")
        } else {
            #expect(result.status == 4)
            #expect(result.stderr == "mediactl-usbcam: attach needs root: it writes \(directory)/attach\n")
        }
        #expect(result.stdout.isEmpty)
    }
}
