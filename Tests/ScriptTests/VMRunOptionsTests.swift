import MediaControllerTestSupport
import Testing

/// Scripts/vm/run's one option parser, for both boot routes: every usage error is one line
/// naming what was wrong plus the usage line, exit 2, before anything boots; a kernel that
/// does not exist is exit 126 (the documented statuses in its --help).
@Suite struct VMRunOptionsTests {
    static let usageLine = "usage: Scripts/vm/run [options] -- COMMAND [ARGS...] (see --help)"

    static func run(_ arguments: String) async -> BuiltBinary.Result {
        await ScriptRunner.bash("Scripts/vm/run \(arguments)")
    }

    @Test(arguments: [
        ("", "no COMMAND given"),
        ("--route qemu -- true", "--route takes virtme-ng or initramfs"),
        ("--route initramfs --timeout 0 -- true", "--timeout must be a positive integer"),
        ("--vivid-devs many -- true", "--vivid-devs must be a positive integer"),
        ("--cpus two -- true", "--cpus must be an integer"),
        ("--env NOEQUALS -- true", "--env needs NAME=VALUE"),
        ("--mod-path /nonexistent/modules -- true", "--mod-path needs a directory"),
        ("--kernel", "--kernel needs a value"),
        ("--frobnicate -- true", "unknown option '--frobnicate'"),
    ])
    func usageErrorIsOneLineAndExitTwo(arguments: String, message: String) async {
        let result = await Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "vm/run: \(message)\n\(Self.usageLine)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownKernelIsABootFailureNamingWhereItLooked() async {
        let result = await Self.run("--kernel no-such-kernel -- true")
        #expect(result.status == 126)
        #expect(result.stderr == "vm/run: no kernel 'no-such-kernel': not an installed release (/boot/vmlinuz-no-such-kernel), not a built kernel (Scripts/kernel/build no-such-kernel), not a file\n")
    }

    @Test func helpDescribesBothRoutes() async {
        let result = await Self.run("--help")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Scripts/vm/run: run COMMAND as root inside a real Linux kernel"))
        #expect(result.stdout.contains("virtme-ng route (Scripts/vm/backend/virtme.sh)"))
        #expect(result.stdout.contains("initramfs route (Scripts/vm/backend/initramfs.sh)"))
        #expect(!result.stdout.contains("set -euo pipefail"))
    }
}
