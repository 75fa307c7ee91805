import FoundationEssentials
import MediaController
import MediaControllerTestSupport
import Testing

/// Entities by name against media-ctl (v4l-utils 1.22.1) on the guest's vimc and vivid:
/// `topology -e NAME --format media-ctl` against `media-ctl -p -e NAME` and `entity NAME`
/// against `media-ctl -e NAME`, for every entity media-ctl lists (the library for each,
/// the built binary for two of each device: a process start costs seconds under
/// emulation); `-d entity:NAME`.
@Suite(.enabled(if: VMLane.phase == "entity", "needs the VM lane's entity phase"), .serialized)
struct EntityLaneTests {
    /// The entities `media-ctl -p` lists on a device: (id, name).
    func mediaCtlEntities(_ node: String) async throws -> [(id: UInt32, name: String)] {
        let result = await BuiltBinary.runProgram("media-ctl", ["-d", node, "-p"])
        try #require(result.status == 0, "media-ctl -p failed: \(result.stdout)")
        return try result.stdout.split(separator: "\n").filter { $0.hasPrefix("- entity ") }.map { line in
            let rest = line.dropFirst("- entity ".count)
            let id = try #require(UInt32(rest.prefix { $0 != ":" }))
            let named = rest.drop { $0 != ":" }.dropFirst(2)
            let name = try #require(named.ranges(of: " (").last).lowerBound
            return (id, String(named[..<name]))
        }
    }

    /// `media-ctl -p -e NAME` and `media-ctl -e NAME` for every name, from one shell:
    /// starting a process costs seconds under emulation on a busy host.
    func mediaCtlReferences(_ node: String, _ names: [String]) async throws -> [(printEntity: String, node: String)] {
        let directory = "/tmp/mediactl-entity-lane"
        let script = """
            rm -rf "$2" && mkdir -p "$2" || exit 1
            node=$1 dir=$2 i=0; shift 2
            for name in "$@"; do
              media-ctl -d "$node" -p -e "$name" > "$dir/$i.pe" || exit 1
              media-ctl -d "$node" -e "$name" > "$dir/$i.e" || exit 1
              i=$((i + 1))
            done
            """
        let result = await BuiltBinary.runProgram("/bin/sh", ["-c", script, "sh", node, directory] + names)
        try #require(result.status == 0, "media-ctl failed: \(result.stdout)\(result.stderr)")
        func read(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: URL(filePath: "\(directory)/\(name)")), as: UTF8.self)
        }
        return try names.indices.map { index in (try read("\(index).pe"), try read("\(index).e")) }
    }

    /// Every entity media-ctl lists: the library's answers for each against media-ctl's
    /// (`-p -e`, `-e`), and the built mediactl's for two entities (`topology -e`,
    /// `entity`, `entity --format json`).
    @Test(arguments: [("vimc", ["Scaler", "Raw Capture 0"]), ("vivid", ["vivid-000-vid-cap", "vivid-000-touch-cap"])])
    func everyEntityIsWhatMediaCtlPrints(driver: String, throughTheBinary: [String]) async throws {
        let node = try VMLane.node(driver: driver)
        let entities = try await mediaCtlEntities(node)
        #expect(entities.count == (driver == "vimc" ? 11 : 8))  // KERNEL-LAB.md
        let references = try await mediaCtlReferences(node, entities.map(\.name))
        let snapshot = try SnapshotReader(devnodes: defaultDevnodeResolver()).read(try MediaDevice(path: node))
        for (entity, (reference, entityNode)) in zip(entities, references) {
            #expect(reference.contains("- entity \(entity.id): \(entity.name) ("))
            let found = try snapshot.entity(named: entity.name)
            #expect(found.id == entity.id)
            let ours = MediaCtlRenderer().render(snapshot, only: found.id)
            #expect(ours == reference, "\(driver) \(entity.name)")
            if ours != reference {
                print("--- media-ctl -p -e \(entity.name)\n\(reference)--- mediactl\n\(ours)---")
            }
            #expect(entityNode.hasPrefix("/dev/"), "media-ctl -e \(entity.name): \(entityNode)")
            #expect(try snapshot.devnode(ofEntityNamed: entity.name) + "\n" == entityNode)
            #expect(snapshot.describe(found).devnode.map { $0 + "\n" } == entityNode)
            guard throughTheBinary.contains(entity.name) else { continue }
            let printed = await BuiltBinary.run(["topology", "-d", node, "-e", entity.name, "--format", "media-ctl"])
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(printed.stderr == "")
            #expect(printed.stdout == reference)
            let devnode = await BuiltBinary.run(["entity", "-d", node, entity.name])
            #expect(devnode.status == 0, "\(devnode.stderr)")
            #expect(devnode.stdout == entityNode)
            let json = await BuiltBinary.run(["entity", "-d", node, entity.name, "--format", "json"])
            #expect(json.status == 0)
            let description = try JSONDecoder().decode(EntityDescription.self, from: Data(json.stdout.utf8))
            #expect(description.entity.id == entity.id)
            #expect(description.devnode.map { $0 + "\n" } == entityNode)
            #expect(await BuiltBinary.run(["topology", "-d", node, "-e", entity.name, "--format", "json"]).stdout == json.stdout)
        }
    }

    /// media-ctl prints "Entity 'X' not found" on standard output and exits 0; mediactl
    /// says it on standard error, one line, and exits 2.
    @Test func unknownEntityIsOneLineAndExitTwo() async throws {
        let node = try VMLane.node(driver: "vimc")
        let reference = await BuiltBinary.runProgram("media-ctl", ["-d", node, "-e", "No Such Entity"])
        #expect(reference.status == 0)
        #expect(reference.stdout == "Entity 'No Such Entity' not found\n")
        for arguments in [["entity", "-d", node, "No Such Entity"], ["topology", "-d", node, "-e", "No Such Entity"]] {
            let ours = await BuiltBinary.run(arguments)
            #expect(ours.status == 2)
            #expect(ours.stdout == "")
            #expect(ours.stderr.hasPrefix("mediactl: \(node): no entity named 'No Such Entity' (entities: \"Sensor A\", "))
            #expect(ours.stderr.filter { $0 == "\n" }.count == 1)
        }
    }

    /// vimc's and vivid's entity names are all different (vivid's carry the instance
    /// number), so `entity:NAME` picks one device for every name of either.
    @Test func entityNameSelectsTheDeviceThatHasIt() async throws {
        let vimc = try VMLane.node(driver: "vimc")
        let vivid = try VMLane.node(driver: "vivid")
        let vimcNames = Set(try await mediaCtlEntities(vimc).map(\.name))
        let vividNames = Set(try await mediaCtlEntities(vivid).map(\.name))
        #expect(vimcNames.isDisjoint(with: vividNames))
        for (node, name) in [(vimc, "Sensor B"), (vivid, "vivid-000-vbi-out")] {
            let info = await BuiltBinary.run(["info", "-d", "entity:\(name)", "--format", "json"])
            #expect(info.status == 0, "\(name): \(info.stderr)")
            let ours = try JSONDecoder().decode(DeviceInfo.self, from: Data(info.stdout.utf8))
            #expect(ours == (try MediaDevice(path: node).deviceInfo()), "\(name)")
        }
        // Every name of either device, through the selector the binary uses.
        for (node, names) in [(vimc, vimcNames), (vivid, vividNames)] {
            for name in names {
                #expect(try DeviceSelector.live().resolve("entity:\(name)") == node, "\(name)")
            }
        }
        let reference = await BuiltBinary.runProgram("media-ctl", ["-d", vimc, "-e", "RGB/YUV Input"])
        let entity = await BuiltBinary.run(["entity", "-d", "entity:RGB/YUV Input", "RGB/YUV Input"])
        #expect(entity.status == 0)
        #expect(entity.stdout == reference.stdout)
        let missing = await BuiltBinary.run(["topology", "-d", "entity:No Such Entity"])
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr.hasPrefix("mediactl: select device entity:No Such Entity: no media device has an entity named 'No Such Entity' (searched: "))
    }
}
