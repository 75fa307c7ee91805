import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// Every media-ctl release against mediactl on the guest's vimc and vivid, byte for byte:
/// the system's media-ctl (Debian 12's 1.22.1) and the upstream 1.26.1, 1.28.1, 1.30.1 and
/// 1.32.0 that Scripts/vm/media-ctl-refs builds from their tagged sources on the host into
/// .build-vm/media-ctl/ (the lane runs it before this phase; the guest shares the host's
/// root). For each release: `-p`, `-p -e NAME` and `-e NAME` for every entity,
/// `--get-v4l2 PAD` for every subdev pad, `--known-mbus-fmts` and `--version` (which the
/// default dialect follows), against the library in that release's dialect, and `-p`
/// against the built binary with `--media-ctl-version`. The references run from one shell:
/// a process start costs seconds under emulation.
@Suite(.enabled(if: VMLane.isMain, "needs the VM lane's main phase"), .serialized)
struct MediaCtlVersionsLaneTests {
    static let references: [(release: MediaCtlDialect.Release, binary: String)] = [
        (.v1_22, "/usr/bin/media-ctl"),
        (.v1_26, TestMachine.repository + "/.build-vm/media-ctl/media-ctl-1.26.1"),
        (.v1_28, TestMachine.repository + "/.build-vm/media-ctl/media-ctl-1.28.1"),
        (.v1_30, TestMachine.repository + "/.build-vm/media-ctl/media-ctl-1.30.1"),
        (.v1_32, TestMachine.repository + "/.build-vm/media-ctl/media-ctl-1.32.0"),
    ]

    /// `-p -d BUS_INFO` of every release (the system's 1.22, then the upstream ones, each
    /// finding the device by bus info as options.c does: it walks /dev/media* and compares
    /// bus_info) against mediactl's `--format media-ctl` in that release's dialect; `ours` is
    /// the default dialect's output, held to the system's media-ctl. For the phases that
    /// boot other devices (many, instances); their lane phase prepares the references.
    static func everyReleasePrintsTopology(busInfo: String, ours: String) async throws {
        for (index, (release, binary)) in references.enumerated() {
            try #require(access(binary, X_OK) == 0, "no \(binary): run Scripts/vm/media-ctl-refs on the host")
            let reference = await BuiltBinary.runProgram(binary, ["-p", "-d", busInfo])
            try #require(reference.status == 0, "\(binary) -p -d \(busInfo) failed: \(reference.stdout)\(reference.stderr)")
            let printed = index == 0
                ? ours
                : await BuiltBinary.run(["topology", "-d", busInfo, "--format", "media-ctl", "--media-ctl-version", release.rawValue]).stdout
            #expect(printed == reference.stdout, "media-ctl \(release.rawValue) on \(busInfo)")
            if printed != reference.stdout { print("--- media-ctl \(release.rawValue)\n\(reference.stdout)--- mediactl\n\(printed)---") }
        }
    }

    /// What every reference printed, in DIRECTORY/INDEX/: version, known, p, peN, eN, getN.
    func referenceOutputs(node: String, names: [String], pads: [String]) async throws -> String {
        let directory = "/tmp/mediactl-versions-lane"
        for reference in Self.references where access(reference.binary, X_OK) != 0 {
            throw LaneFailure("no \(reference.binary): run Scripts/vm/media-ctl-refs on the host (Scripts/vm/lane runs it for this phase)")
        }
        let script = """
            node=$1 dir=$2 count=$3; shift 3
            binaries=("${@:1:count}"); shift "$count"
            count=$1; shift; names=("${@:1:count}"); shift "$count"
            pads=("$@")
            rm -rf "$dir" && mkdir -p "$dir" || exit 1
            for b in "${!binaries[@]}"; do
              bin=${binaries[$b]} out=$dir/$b
              mkdir "$out" && "$bin" --version > "$out/version" && "$bin" --known-mbus-fmts > "$out/known" \\
                && "$bin" -d "$node" -p > "$out/p" || exit 1
              for i in "${!names[@]}"; do
                "$bin" -d "$node" -p -e "${names[$i]}" > "$out/pe$i" && "$bin" -d "$node" -e "${names[$i]}" > "$out/e$i" || exit 1
              done
              for i in "${!pads[@]}"; do "$bin" -d "$node" --get-v4l2 "${pads[$i]}" > "$out/get$i" || exit 1; done
            done
            """
        let arguments = [node, directory, String(Self.references.count)] + Self.references.map(\.binary)
            + [String(names.count)] + names + pads
        let result = await BuiltBinary.runProgram("/bin/bash", ["-c", script, "bash"] + arguments)
        try #require(result.status == 0, "a reference media-ctl failed: \(result.stdout)\(result.stderr)")
        return directory
    }

    @Test(arguments: ["vimc", "vivid"])
    func everyReleasePrintsWhatMediactlPrints(driver: String) async throws {
        let node = try VMLane.node(driver: driver)
        let snapshot = try SnapshotReader(devnodes: defaultDevnodeResolver()).read(try MediaDevice(path: node))
        let entities = try #require(snapshot.legacy).entities
        #expect(entities.count == (driver == "vimc" ? 11 : 8))  // KERNEL-LAB.md
        let pads = entities.filter(\.isSubdev).flatMap { entity in
            (0..<UInt32(entity.padCount)).map { (entity, $0) }
        }
        let directory = try await referenceOutputs(
            node: node, names: entities.map(\.name), pads: pads.map { FormatSpecText.pad(entityName: $0.0.name, index: UInt16($0.1)) })
        func read(_ index: Int, _ name: String) throws -> String {
            String(decoding: try Data(contentsOf: URL(filePath: "\(directory)/\(index)/\(name)")), as: UTF8.self)
        }
        for (index, reference) in Self.references.enumerated() {
            let dialect = MediaCtlDialect(reference.release)
            var lines = (p: 0, pe: 0, e: 0, get: 0, known: 0)
            func compare(_ ours: String, _ theirs: String, _ what: String) -> Int {
                #expect(ours == theirs, "\(driver), media-ctl \(reference.release.rawValue) \(what)")
                if ours != theirs { print("--- media-ctl \(reference.release.rawValue) \(what)\n\(theirs)--- mediactl\n\(ours)---") }
                return theirs.count { $0 == "\n" }
            }
            let version = try read(index, "version")
            #expect(MediaCtlDialect(versionOutput: version) == dialect, "\(reference.binary): \(version)")
            lines.known = compare(dialect.knownMbusFormatsListing(), try read(index, "known"), "--known-mbus-fmts")
            let printed = try read(index, "p")
            lines.p = compare(MediaCtlRenderer(dialect: dialect).render(snapshot), printed, "-p")
            for (number, entity) in entities.enumerated() {
                let ours = MediaCtlRenderer(dialect: dialect).render(snapshot, only: entity.id)
                lines.pe += compare(ours, try read(index, "pe\(number)"), "-p -e \(entity.name)")
                lines.e += compare(try snapshot.devnode(ofEntityNamed: entity.name) + "\n", try read(index, "e\(number)"), "-e \(entity.name)")
            }
            for (number, (entity, pad)) in pads.enumerated() {
                let node = try SubdevNode(path: try #require(entity.devnode))
                let ours = MediaCtlRenderer.padFormat(MediaCtlPadFormat.read(node, pad: pad, which: .active), dialect: dialect)
                lines.get += compare(ours, try read(index, "get\(number)"), "--get-v4l2 \"\(entity.name)\":\(pad)")
            }
            let binary = await BuiltBinary.run(["topology", "-d", node, "--format", "media-ctl", "--media-ctl-version", reference.release.rawValue])
            #expect(binary.status == 0, "\(binary.stderr)")
            #expect(binary.stdout == printed, "\(driver): mediactl --media-ctl-version \(reference.release.rawValue)")
            print("\(version.dropLast()) on \(driver): \(lines.p + lines.pe + lines.e + lines.get + lines.known) lines equal "
                + "(-p \(lines.p), to the library and the binary; -p -e \(lines.pe), -e \(lines.e), --get-v4l2 \(lines.get), "
                + "--known-mbus-fmts \(lines.known))")
        }
    }
}
