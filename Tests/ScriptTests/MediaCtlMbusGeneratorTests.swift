import Glibc
import MediaControllerTestSupport
import Testing

/// Sources/MediaController/Model/MediaCtlMbusFormats.swift is what Scripts/gen/media-ctl-mbus
/// makes from the headers of the v4l-utils releases (../shared/reference/v4l-utils, or
/// MEDIACTL_V4L_UTILS_SOURCES). Without those sources the first test fails with the
/// generator's own message, which says how to get them; the others make their own.
@Suite struct MediaCtlMbusGeneratorTests {
    static let committed = ScriptRunner.repository + "/Sources/MediaController/Model/MediaCtlMbusFormats.swift"
    static let versions = ["1.26.1", "1.28.1", "1.30.1", "1.32.0"]

    @Test func committedFileIsTheGeneratorsOutput() async {
        let run = await ScriptRunner.bash("Scripts/gen/media-ctl-mbus --output -")
        #expect(run.status == 0, "Scripts/gen/media-ctl-mbus failed: \(run.stderr)")
        let file = await ScriptRunner.bash("cat \(BuiltBinary.shellQuoted(Self.committed))")
        #expect(run.stdout == file.stdout, "MediaCtlMbusFormats.swift is stale: run Scripts/gen/media-ctl-mbus and commit it")
    }

    /// Sources of our own making: every `#define MEDIA_BUS_FMT` line but those naming FIXED,
    /// in order, each with the first release that has it.
    @Test func generatorTakesTheDefinesMediaCtlsBuildTakes() async {
        let directory = Self.sources(extra: ["", "", "#define MEDIA_BUS_FMT_META_8\t\t\t0x8001\n", "#define MEDIA_BUS_FMT_META_8\t\t\t0x8001\n"])
        defer { ScriptRunner.removeTree(directory) }
        let run = await ScriptRunner.bash("Scripts/gen/media-ctl-mbus --output -", environment: ["MEDIACTL_V4L_UTILS_SOURCES": directory])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { !$0.hasPrefix("//") && !$0.contains("///") }
        #expect(lines == [
            "extension FormatNames {",
            "    static let mediaCtlMbusFormats: [(name: String, code: UInt32, since: Int)] = [",
            #"        ("RGB444_1X12", 0x1016, 26),"#, #"        ("META_8", 0x8001, 30),"#, "    ]", "}",
        ])
    }

    /// One table serves every release only while each header is the newest one's entries
    /// in order: a header with an entry the newest one lacks stops the script.
    @Test func aDroppedEntryStopsTheGenerator() async {
        let directory = Self.sources(extra: ["", "#define MEDIA_BUS_FMT_GONE\t\t\t0x1234\n", "", ""])
        defer { ScriptRunner.removeTree(directory) }
        let run = await ScriptRunner.bash("Scripts/gen/media-ctl-mbus --output -", environment: ["MEDIACTL_V4L_UTILS_SOURCES": directory])
        #expect(run.status == 1)
        #expect(run.stderr.contains("gen/media-ctl-mbus: 1.28.1 has entries the newest header dropped"))
    }

    /// A source tree per release whose header has FIXED, RGB444_1X12, the release's
    /// `extra` lines, METADATA_FIXED and a define that is no code.
    static func sources(extra: [String]) -> String {
        let directory = ScriptRunner.temporaryDirectory()
        for (version, extra) in zip(versions, extra) {
            let tree = "\(directory)/\(version)"
            for folder in [tree, tree + "/utils", tree + "/utils/media-ctl", tree + "/include", tree + "/include/linux"] {
                mkdir(folder, 0o755)
            }
            ScriptRunner.write("", to: "\(tree)/utils/media-ctl/media-ctl.c")
            ScriptRunner.write("""
                /* MEDIA_BUS_FMT_FIXED shall be used by host-client pairs */
                #define MEDIA_BUS_FMT_FIXED\t\t\t0x0001
                #define MEDIA_BUS_FMT_RGB444_1X12\t\t0x1016
                \(extra)#define MEDIA_BUS_FMT_METADATA_FIXED\t\t0x7001
                #define V4L2_NOT_A_CODE 0x1234

                """, to: "\(tree)/include/linux/media-bus-format.h")
        }
        return directory
    }

    /// Without the sources: one message naming what is missing and how to get it, exit 2,
    /// and nothing written. The reference build says the same.
    @Test(arguments: ["Scripts/gen/media-ctl-mbus --output -", "Scripts/vm/media-ctl-refs"])
    func missingSourcesSayHowToGetThem(command: String) async {
        let run = await ScriptRunner.bash(command, environment: ["MEDIACTL_V4L_UTILS_SOURCES": "/nonexistent/v4l-utils"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no v4l-utils sources for media-ctl 1.26.1 1.28.1 1.30.1 1.32.0 under /nonexistent/v4l-utils"))
        #expect(run.stderr.contains("git clone -q --depth 1 --branch v4l-utils-$v https://git.linuxtv.org/v4l-utils.git DIR/$v"))
    }

    @Test(arguments: ["Scripts/gen/media-ctl-mbus --bogus", "Scripts/vm/media-ctl-refs --bogus"])
    func badArgumentsExitTwo(command: String) async {
        let run = await ScriptRunner.bash(command)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown argument '--bogus'"))
    }
}
