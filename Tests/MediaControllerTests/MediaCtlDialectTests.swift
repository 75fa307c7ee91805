import Foundation
import MediaController
import Testing

/// Each media-ctl release's `-p`, `-p -e NAME` and `--known-mbus-fmts`, against what the
/// release's own binary printed (Fixtures/media-ctl-versions/, recorded by its `record`
/// script: the references built from the tagged v4l-utils sources, run in the VM on the
/// devices Fixtures/DRIVER.recording.json were recorded from).
@Suite struct MediaCtlDialectTests {
    /// Every release with the version its binary reports, as the fixtures are named.
    static let releases: [(MediaCtlDialect.Release, String)] = [
        (.v1_22, "1.22.1"), (.v1_26, "1.26.1"), (.v1_28, "1.28.1"), (.v1_30, "1.30.1"), (.v1_32, "1.32.0"),
    ]
    static let cases: [(String, MediaCtlDialect.Release, String)] = ["vimc", "vivid"].flatMap { driver in
        releases.map { (driver, $0.0, $0.1) }
    }

    @Test(arguments: cases)
    func printIsWhatThatReleasePrinted(driver: String, release: MediaCtlDialect.Release, version: String) throws {
        let ours = MediaCtlRenderer(dialect: MediaCtlDialect(release)).render(try Fixtures.snapshot(driver))
        let theirs = try Fixtures.text("media-ctl-versions/\(driver).\(version).p.txt")
        #expect(ours == theirs)
        if ours != theirs { print(firstDifference(ours, theirs)) }
    }

    /// `-p -e NAME` for every entity, in id order, one after the other.
    @Test(arguments: cases)
    func printEntityIsWhatThatReleasePrinted(driver: String, release: MediaCtlDialect.Release, version: String) throws {
        let snapshot = try Fixtures.snapshot(driver)
        let renderer = MediaCtlRenderer(dialect: MediaCtlDialect(release))
        let entities = try #require(snapshot.legacy).entities
        let ours = entities.map { renderer.render(snapshot, only: $0.id) }.joined()
        let theirs = try Fixtures.text("media-ctl-versions/\(driver).\(version).p-e.txt")
        #expect(entities.count == (driver == "vimc" ? 11 : 8))
        #expect(ours == theirs)
        if ours != theirs { print(firstDifference(ours, theirs)) }
    }

    @Test(arguments: releases)
    func knownMbusFormatsIsThatReleasesListing(release: MediaCtlDialect.Release, version: String) throws {
        let theirs = try Fixtures.text("media-ctl-versions/known-mbus-fmts-\(version).txt")
        #expect(MediaCtlDialect(release).knownMbusFormatsListing() == theirs)
    }

    /// Every listed code prints its listed name; FIXED prints FIXED in every release; a code
    /// a release does not list prints `unknown` (METADATA_FIXED, 0x7001, never listed).
    @Test(arguments: releases)
    func codeNamesFollowTheListing(release: MediaCtlDialect.Release, version: String) throws {
        let dialect = MediaCtlDialect(release)
        let listing = try Fixtures.text("media-ctl-versions/known-mbus-fmts-\(version).txt")
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let code = try #require(UInt32(fields[1].dropFirst(2), radix: 16))
            #expect(dialect.mbusCodeName(code) == String(fields[0]))
        }
        #expect(dialect.mbusCodeName(0x0001) == "FIXED")
        #expect(dialect.mbusCodeName(0x7001) == "unknown")
        #expect(!listing.contains("FIXED"))
    }

    @Test(arguments: releases)
    func versionOutputNamesTheRelease(release: MediaCtlDialect.Release, version: String) throws {
        let output = try Fixtures.text("media-ctl-versions/version-\(version).txt")
        #expect(output == "media-ctl \(version)\n")
        #expect(MediaCtlDialect(versionOutput: output)?.release == release)
        #expect(MediaCtlDialect(version: version)?.release == release)
        #expect(MediaCtlDialect(version: release.rawValue)?.release == release)
    }

    /// Versions between releases take the older one's output; git builds add a count and
    /// a SHA line; anything that is not `media-ctl N.N` is nobody's version.
    @Test(arguments: [
        ("media-ctl 1.27.0-12\nmedia-ctl SHA: 0123abc 2024-05-01\n", MediaCtlDialect.Release.v1_26),
        ("media-ctl 1.20.0\n", .v1_22), ("media-ctl 0.9\n", .v1_22), ("media-ctl 1.29.99\n", .v1_28),
        ("media-ctl 1.31.0\n", .v1_30), ("media-ctl 1.34.0\n", .v1_32), ("media-ctl 2.0.0", .v1_32),
        ("media-ctl 1.26", .v1_26),
    ])
    func versionOutputBetweenReleases(output: String, release: MediaCtlDialect.Release) {
        #expect(MediaCtlDialect(versionOutput: output)?.release == release)
    }

    @Test(arguments: ["", "\n", "Invalid option --\n", "media-ctl\n", "media-ctl x.y\n", "media-ctl 1\n", "v4l2-ctl 1.26.1\n", "media-ctl .26\n"])
    func versionOutputWithoutAVersion(output: String) {
        #expect(MediaCtlDialect(versionOutput: output) == nil)
    }

    @Test(arguments: ["1.24", "1.31", "1.3", "1.30.", "1.30.x", "v1.30", "1", "", "1.30.1.2", "1.32.0-rc1", " 1.30"])
    func versionsThatNameNoRelease(version: String) {
        #expect(MediaCtlDialect(version: version) == nil)
    }

    /// The pad-type rules on flags vimc and vivid do not have (media-ctl.c's tables).
    @Test func padTypes() {
        let old = MediaCtlDialect(.v1_26), new = MediaCtlDialect(.v1_28)
        #expect(old.padType([.sink, .mustConnect]) == "Sink")
        #expect(new.padType([.sink, .mustConnect]) == "SINK,MUST_CONNECT")
        #expect(old.padType([]) == "Unknown")
        #expect(new.padType([]) == "")
        #expect(old.padType(PadFlags(rawValue: 0x12)) == "Source")
        #expect(new.padType(PadFlags(rawValue: 0x12)) == "SOURCE,0x10")
    }

    /// A negative crop offset (no test driver has one): `%u` before 1.28, `%d` after.
    @Test func negativeSelectionOffsets() {
        let state = SubdevPadState(
            pad: 0, format: FrameFormat(code: 0x1001, width: 8, height: 4), crop: Rectangle(left: -2, top: 3, width: 4, height: 2))
        #expect(MediaCtlRenderer.padFormat(state, dialect: MediaCtlDialect(.v1_26)).contains("crop:(4294967294,3)/4x2]"))
        #expect(MediaCtlRenderer.padFormat(state, dialect: MediaCtlDialect(.v1_28)).contains("crop:(-2,3)/4x2]"))
        #expect(MediaCtlRenderer.padFormat(state, dialect: MediaCtlDialect(.v1_22)).hasPrefix("\t\t[fmt:RGB444_2X8_PADHI_BE/8x4\n"))
        #expect(MediaCtlRenderer.padFormat(state, dialect: MediaCtlDialect(.v1_32)).hasPrefix("\t\t[stream:0 fmt:RGB444_2X8_PADHI_BE/8x4\n"))
    }

    private func firstDifference(_ ours: String, _ theirs: String) -> String {
        let a = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let b = theirs.split(separator: "\n", omittingEmptySubsequences: false)
        let index = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        return "line \(index + 1): ours '\(index < a.count ? a[index] : "<end>")' theirs '\(index < b.count ? b[index] : "<end>")'"
    }
}
