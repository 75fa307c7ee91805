import MediaControllerTestSupport
import Testing

/// Sources/MediaController/Model/KernelMbusCodes.swift is what Scripts/gen/mbus-codes
/// makes from the kernel header Scripts/setup unpacks (.build-vm/headers-6.12). Without
/// that header this fails, naming Scripts/setup: Scripts/test runs setup first. Where
/// setup was not run, MbusKernelNameTests still checks the committed table against the
/// system's own <linux/media-bus-format.h> (linux-libc-dev).
@Suite struct MbusCodesGeneratorTests {
    static let committed = ScriptRunner.repository + "/Sources/MediaController/Model/KernelMbusCodes.swift"

    @Test func committedFileIsTheGeneratorsOutput() async throws {
        let run = await ScriptRunner.bash("Scripts/gen/mbus-codes --output -")
        #expect(run.status == 0, "Scripts/gen/mbus-codes failed: \(run.stderr)")
        let file = await ScriptRunner.bash("cat \(BuiltBinary.shellQuoted(Self.committed))")
        #expect(run.stdout == file.stdout, "KernelMbusCodes.swift is stale: run Scripts/gen/mbus-codes and commit it")
        #expect(run.stdout.contains("(\"META_8\", 0x8001),"))
    }

    /// A header of our own making: the generator takes exactly the `MEDIA_BUS_FMT_` defines
    /// with hexadecimal values, in order, and records the file's sha256.
    @Test func generatorReadsEveryDefineInOrder() async {
        let directory = ScriptRunner.temporaryDirectory()
        defer { ScriptRunner.removeTree(directory) }
        let header = directory + "/media-bus-format.h"
        ScriptRunner.write("""
            #ifndef __LINUX_MEDIA_BUS_FORMAT_H
            #define __LINUX_MEDIA_BUS_FORMAT_H
            #define MEDIA_BUS_FMT_FIXED\t\t\t0x0001
            /* RGB - next is\t0x1026 */
            #define MEDIA_BUS_FMT_RGB444_1X12\t\t0x1016
            #define MEDIA_BUS_FMT_META_8\t\t\t0x8001
            #define V4L2_NOT_A_CODE 0x1234
            #endif

            """, to: header)
        let run = await ScriptRunner.bash("Scripts/gen/mbus-codes --header \(BuiltBinary.shellQuoted(header)) --output -; sha256sum \(BuiltBinary.shellQuoted(header))")
        #expect(run.status == 0)
        let entries = run.stdout.split(separator: "\n").filter { $0.hasPrefix("        (\"") }
        #expect(entries == [#"        ("FIXED", 0x0001),"#, #"        ("RGB444_1X12", 0x1016),"#, #"        ("META_8", 0x8001),"#])
        let sum = run.stdout.split(separator: "\n").last?.split(separator: " ").first.map(String.init) ?? "none"
        #expect(run.stdout.contains("// sha256 \(sum)."))
    }

    @Test func badArgumentsAreOneLineAndExitTwo() async {
        let unknown = await ScriptRunner.bash("Scripts/gen/mbus-codes --bogus")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("gen/mbus-codes: unknown argument '--bogus'\n"))
        let missing = await ScriptRunner.bash("Scripts/gen/mbus-codes --header /nonexistent/h --output -")
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
    }
}
