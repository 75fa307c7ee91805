import Glibc
import MediaControllerTestSupport
import Testing

/// Scripts/lib/debian-kernels.sh on what Debian's archive really served on 2026-11-30
/// (Fixtures/apt-2026-11-30, see Fixtures/README.md): one test per resolution rule.
/// The expected versions are read off the recording, not off the code.
@Suite struct DebianKernelResolutionTests {
    /// Resolves SERIES with PREFERRED against a snapshot and prints what was chosen.
    static func resolve(_ series: String, preferred: String, snapshot: String = ScriptRunner.fixture("apt-2026-11-30"))
        async -> (status: Int32, values: [String: String], stderr: String) {
        let result = await ScriptRunner.bash("""
            source Scripts/lib/debian-kernels.sh
            if dk_resolve "$SNAP" "$SERIES" "$PREFERRED"; then
                echo "ABI=$DK_R_ABI"; echo "KVER=$DK_R_KVER"; echo "PINNED=$DK_R_PINNED"; echo "NOTE=$DK_R_NOTE"
                for role in image headers common kbuild source; do
                    echo "$role.package=${DK_R_PKG[$role]}"; echo "$role.served=${DK_R_SERVED[$role]}"
                    echo "$role.want=${DK_R_WANT[$role]}"; echo "$role.state=${DK_R_STATE[$role]}"
                done
            else
                echo "ERROR=$DK_R_ERROR"; exit 3
            fi
            """, environment: ["SNAP": snapshot, "SERIES": series, "PREFERRED": preferred])
        return (result.status, ScriptRunner.values(result.stdout), result.stderr)
    }

    @Test func preferredAbiStillServedIsTakenWhole() async {
        let r = await Self.resolve("6.12", preferred: "6.12.117+deb12")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.values["ABI"] == "6.12.117+deb12")
        #expect(r.values["KVER"] == "6.12.117+deb12-amd64")
        #expect(r.values["PINNED"] == "yes")
        #expect(r.values["NOTE"] == "")
        #expect(r.values["image.package"] == "linux-image-6.12.117+deb12-amd64-unsigned")
        #expect(r.values["kbuild.package"] == "linux-kbuild-6.12.117+deb12")
        for role in ["image", "headers", "common", "kbuild", "source"] {
            #expect(r.values["\(role).want"] == "6.12.117-1~deb12u1", "\(role)")
        }
        // Nothing installed or cached on a fresh machine.
        #expect(r.values["image.state"] == "to install")
        #expect(r.values["source.state"] == "to fetch")
    }

    @Test func kbuildMovedOnByOneRevisionIsAccepted() async {
        // The failure of the old pinned setup: linux-kbuild-6.1 6.1.192-2 is gone, -3 is served.
        let r = await Self.resolve("6.1", preferred: "6.1.0-56")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.values["ABI"] == "6.1.0-56")
        #expect(r.values["PINNED"] == "yes")
        #expect(r.values["image.want"] == "6.1.192-2")
        #expect(r.values["headers.want"] == "6.1.192-2")
        #expect(r.values["common.want"] == "6.1.192-2")
        #expect(r.values["kbuild.package"] == "linux-kbuild-6.1")
        #expect(r.values["kbuild.want"] == "6.1.192-3")
        // The source at the image's own revision, which the archive still serves beside -3.
        #expect(r.values["source.want"] == "6.1.192-2")
    }

    @Test func abiTheArchiveDroppedIsReplacedByTheNewestServed() async {
        // 6.1.0-52 is named by the archive (pkgnames) but served no more.
        let r = await Self.resolve("6.1", preferred: "6.1.0-52")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.values["ABI"] == "6.1.0-57")
        #expect(r.values["PINNED"] == "no")
        #expect(r.values["NOTE"] == "6.1: preferred ABI 6.1.0-52 is no longer served; taking the newest served, 6.1.0-57 (6.1.192-3)")
        #expect(r.values["image.package"] == "linux-image-6.1.0-57-amd64-unsigned")
        #expect(r.values["kbuild.want"] == "6.1.192-3")
        #expect(r.values["source.want"] == "6.1.192-3")
    }

    @Test func abiWhoseKbuildIsGoneIsReplacedAndSaysWhy() async {
        // 6.1.0-47 (6.1.170-3) is served, but no linux-kbuild-6.1 of 6.1.170 is.
        let r = await Self.resolve("6.1", preferred: "6.1.0-47")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.values["ABI"] == "6.1.0-57")
        #expect(r.values["NOTE"] == "6.1: preferred ABI 6.1.0-47 is incomplete: no linux-kbuild-6.1 6.1.170; taking the newest served, 6.1.0-57 (6.1.192-3)")
    }

    @Test func missingSeriesIsOneClearError() async {
        let r = await Self.resolve("6.6", preferred: "6.6.0-1")
        #expect(r.status == 3)
        #expect(r.values["ERROR"] == "no Debian 6.6 kernel can be set up: apt-cache offers no linux-image-6.6.*-amd64-unsigned package; run apt-get update, or check the archive still has the 6.6 series")
    }

    @Test func seriesWhoseImagesAreServedButIncompleteSaysWhatIsMissing() async {
        // The recording without any linux-kbuild-6.1: every 6.1 image is served, none usable.
        let snapshot = ScriptRunner.temporaryDirectory()
        defer { ScriptRunner.removeTree(snapshot) }
        _ = await ScriptRunner.bash(
            "cp \"$FROM\"/pkgnames \"$TO\"/; grep -v '^linux-kbuild-6.1 ' \"$FROM\"/madison >\"$TO\"/madison; : >\"$TO\"/installed; : >\"$TO\"/cached",
            environment: ["FROM": ScriptRunner.fixture("apt-2026-11-30"), "TO": snapshot])
        let r = await Self.resolve("6.1", preferred: "6.1.0-56", snapshot: snapshot)
        #expect(r.status == 3)
        let error = r.values["ERROR"] ?? ""
        #expect(error.hasPrefix("no Debian 6.1 kernel can be set up: apt-cache offers linux-image-{6.1.0-47,6.1.0-50,6.1.0-53,6.1.0-54,6.1.0-55,6.1.0-56,6.1.0-57}-amd64-unsigned (6.1.0-47: no linux-kbuild-6.1 6.1.170; "), "\(error)")
        #expect(error.contains("6.1.0-56: no linux-kbuild-6.1 6.1.192; 6.1.0-57: no linux-kbuild-6.1 6.1.192)"))
        #expect(error.hasSuffix("; run apt-get update, or check the archive still has the 6.1 series"))
    }

    @Test func whatIsInstalledOrCachedIsKeptNotFetchedAgain() async {
        // A machine set up before -3 came: the image installed, kbuild 6.1.192-2 cached.
        let snapshot = ScriptRunner.temporaryDirectory()
        defer { ScriptRunner.removeTree(snapshot) }
        _ = await ScriptRunner.bash("cp \"$FROM\"/pkgnames \"$FROM\"/madison \"$TO\"/",
                              environment: ["FROM": ScriptRunner.fixture("apt-2026-11-30"), "TO": snapshot])
        ScriptRunner.write("linux-image-6.1.0-56-amd64-unsigned 6.1.192-2\n", to: snapshot + "/installed")
        ScriptRunner.write("""
            linux-kbuild-6.1_6.1.192-2_amd64.deb
            linux-source-6.1_6.1.192-2_all.deb
            linux-headers-6.1.0-56-common_6.1.190-1_all.deb
            """ + "\n", to: snapshot + "/cached")
        let r = await Self.resolve("6.1", preferred: "6.1.0-56", snapshot: snapshot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.values["image.state"] == "installed")
        #expect(r.values["image.want"] == "6.1.192-2")
        // The cached kbuild is of the same upstream version: kept, though -3 is served now.
        #expect(r.values["kbuild.want"] == "6.1.192-2")
        #expect(r.values["kbuild.served"] == "6.1.192-3")
        #expect(r.values["kbuild.state"] == "cached")
        #expect(r.values["source.state"] == "cached")
        // A cached headers-common of another upstream version is not used.
        #expect(r.values["common.want"] == "6.1.192-2")
        #expect(r.values["common.state"] == "to fetch")
    }

    @Test(.enabled(if: geteuid() == 0, "setup runs as root"))
    func setupCheckFailsFastWhenASeriesIsGone() async {
        // Scripts/setup --check, end to end, against the archive without bookworm's 6.1.
        let started = time(nil)
        let result = await ScriptRunner.bash("Scripts/setup --check",
                                       environment: ["MEDIACTL_APT_SNAPSHOT": ScriptRunner.fixture("apt-2026-11-30-no-6.1")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("setup: no Debian 6.1 kernel can be set up: apt-cache offers no linux-image-6.1.*-amd64-unsigned package"))
        #expect(result.stdout.contains("setup: series 6.12: ABI 6.12.117+deb12 (preferred)"))
        #expect(!result.stdout.contains("--check: the plan can be met"))
        #expect(time(nil) - started < 60)
    }
}
