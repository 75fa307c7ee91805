import Glibc
import MediaControllerTestSupport
import Testing

/// Scripts/sweep with a kernel of your own (LABEL=BZIMAGE): one line and exit 2, before any
/// build or boot, for a file that is no bzImage, a kernel without a .config to read, and a
/// .config that lacks what a sweep needs (names every missing option).
@Suite struct SweepKernelOptionsTests {
    static let usageLine = "usage: Scripts/sweep [--driver NAME] [--cells GLOBS] [--expected FILE] [--out FILE] [--max-boots N] [--no-reproduce] [--modules DIR] [--config FILE] KERNEL|LABEL=BZIMAGE... (see --help)"

    /// A file with an x86 boot header whose release is "6.12.0-mine" (what vm_bzimage_release
    /// reads: the version string at 0x200 + the setup header's kernel_version field), and a
    /// .config beside it as a kernel build tree has it (arch/x86/boot/bzImage, ../../../.config).
    static func fakeTree(config: String) async -> (image: String, root: String) {
        let root = ScriptRunner.temporaryDirectory()
        let boot = root + "/arch/x86/boot"
        _ = await BuiltBinary.runProgram("/bin/mkdir", ["-p", boot])
        // HdrS at 0x202, kernel_version (offset 0x20e) = 0x10: the string at 0x200 + 0x10.
        _ = await ScriptRunner.bash(
            "python3 -c \"import sys; b = bytearray(0x400); b[0x202:0x206] = b'HdrS'; b[0x20e:0x210] = (0x10).to_bytes(2, 'little'); "
                + "b[0x210:0x21c] = b'6.12.0-mine '; open(sys.argv[1], 'wb').write(b)\" \(boot)/bzImage")
        ScriptRunner.write(config, to: root + "/.config")
        return (boot + "/bzImage", root)
    }

    @Test func notABzImage() async {
        let result = await ScriptRunner.bash("Scripts/sweep mine=/etc/hostname")
        #expect(result.status == 2)
        #expect(result.stderr == "sweep: mine: /etc/hostname is not a bzImage\n\(Self.usageLine)\n")
    }

    @Test func aConfigWithoutUserfaultfdOrTheDriverIsRefusedNamingThem() async {
        let (image, root) = await Self.fakeTree(config: "CONFIG_MEDIA_CONTROLLER=y\nCONFIG_DEVTMPFS=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_SERIAL_8250_CONSOLE=y\n")
        defer { FileTree.remove(root) }
        let result = await ScriptRunner.bash("Scripts/sweep mine=\(image)")
        #expect(result.status == 2)
        #expect(result.stderr == "sweep: mine: \(image.replacing("/arch/x86/boot/bzImage", with: "/arch/x86/boot"))/../../../.config lacks CONFIG_USERFAULTFD CONFIG_VIDEO_VIMC (a sweep of vimc needs userfaultfd, the media controller, the initramfs boot's options and the driver)\n\(Self.usageLine)\n")
    }

    @Test func noConfigToRead() async {
        let (image, root) = await Self.fakeTree(config: "")
        defer { FileTree.remove(root) }
        unlink(root + "/.config")
        let result = await ScriptRunner.bash("Scripts/sweep --driver vivid mine=\(image)")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sweep: mine: no .config beside \(image)"))
    }
}
