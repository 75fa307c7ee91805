import Glibc
import MediaControllerTestSupport
import Testing

/// What `Scripts/install --prefix DIR` left in DIR. Scripts/test's install phase installs
/// into a new temporary prefix and runs this suite with MEDIACTL_INSTALL_PREFIX set; it
/// fails there when any of these is skipped. (Installing from inside `swift test` would
/// wait for the build directory SwiftPM holds: the manual plugin needs it.)
private let installPrefix: String? = getenv("MEDIACTL_INSTALL_PREFIX").map { String(cString: $0) }

@Suite(.enabled(if: installPrefix != nil, "needs MEDIACTL_INSTALL_PREFIX (Scripts/test's install phase)"))
struct InstallTests {
    var prefix: String { installPrefix ?? "/nonexistent" }
    var quotedPrefix: String { BuiltBinary.shellQuoted(prefix) }

    /// The subcommands README's "Using mediactl" lists.
    static let subcommands = ["list", "info", "topology", "record", "link", "format", "apply", "check", "watch", "stress", "klog"]

    @Test func manualRendersWithEverySubcommand() async {
        let page = await ScriptRunner.bash("cd / && MANWIDTH=100 man -l \(quotedPrefix)/share/man/man1/mediactl.1 | col -b")
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stderr.isEmpty)
        for command in Self.subcommands {
            #expect(page.stdout.contains("mediactl-\(command)") || page.stdout.contains("mediactl.\(command)"), "no \(command)")
        }
        let topology = await ScriptRunner.bash("MANWIDTH=100 man -l \(quotedPrefix)/share/man/man1/mediactl.topology.1 | col -b")
        #expect(topology.status == 0)
        #expect(topology.stdout.contains("--from"))
        #expect(topology.stdout.contains("instead of a live device"))
    }

    /// bash without any profile: the installed script's completion function alone
    /// completes `mediactl top<TAB>`.
    @Test func bashCompletesTopToTopology() async {
        let script = """
            cd /
            bash --norc --noprofile -c '
              source "$1"
              COMP_WORDS=(mediactl top); COMP_CWORD=1; COMP_LINE="mediactl top"; COMP_POINT=${#COMP_LINE}
              _mediactl mediactl top mediactl
              printf "%s\\n" "${COMPREPLY[@]}"' bash \(quotedPrefix)/share/bash-completion/completions/mediactl
            """
        let result = await ScriptRunner.bash(script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "topology\n")
    }

    @Test func zshAndFishCompletionsAreArgumentParsers() async {
        let result = await ScriptRunner.bash("""
            head -n 1 \(quotedPrefix)/share/zsh/site-functions/_mediactl
            grep -c "^complete -c 'mediactl'" \(quotedPrefix)/share/fish/vendor_completions.d/mediactl.fish || true
            """)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "#compdef mediactl")
        #expect((lines.last.flatMap { Int($0) } ?? 0) > 10)
    }

    /// From `/`, outside the repository: the version names this checkout's commit
    /// (`git describe`, as Plugins/GitCommit writes it), and help works.
    @Test func installedBinaryRunsOutsideTheRepository() async {
        let describe = await ScriptRunner.bash("git describe --always --dirty --abbrev=12")
        let version = await ScriptRunner.bash("cd / && \(quotedPrefix)/bin/mediactl --version")
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0 (\(describe.stdout.dropLast()))\n")
        let help = await ScriptRunner.bash("cd / && \(quotedPrefix)/bin/mediactl list --help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: mediactl list"))
    }

    /// The installed file is the release configuration's binary (Scripts/lib/release.sh):
    /// the same bytes, the Swift runtime linked in, not position independent.
    @Test func installedBinaryIsTheReleaseConfigurations() async {
        let result = await ScriptRunner.bash("""
            cmp .build-release/release/mediactl \(quotedPrefix)/bin/mediactl && echo same=yes
            echo swift=$(ldd \(quotedPrefix)/bin/mediactl | grep -c libswiftCore || true)
            echo type=$(od -An -t u2 -j 16 -N 2 \(quotedPrefix)/bin/mediactl | tr -d ' ')
            """)
        let values = ScriptRunner.values(result.stdout)
        #expect(values["same"] == "yes")
        #expect(values["swift"] == "0")
        #expect(values["type"] == "2")  // e_type ET_EXEC: not PIE (ET_DYN would be 3)
    }
}
