import FoundationEssentials
import MediaController
import MediaControllerTestSupport
import Testing

/// `topology -e` and `-d entity:` through the built binary, on the recordings of vimc
/// and vivid; the references are media-ctl's own output for the same devices
/// (Tests/MediaControllerTests/Fixtures/media-ctl-e, recorded in the VM).
@Suite struct EntityCommandLineTests {
    static let fixtures: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path + "/Tests/MediaControllerTests/Fixtures/"
    }()

    static func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(filePath: fixtures + name)), as: UTF8.self)
    }

    /// (driver, entity id, name) of every entity media-ctl listed.
    static var everyEntity: [(String, String, String)] {
        ["vimc", "vivid"].flatMap { driver in
            ((try? read("media-ctl-e/\(driver).media-ctl-e.tsv")) ?? "").split(separator: "\n").map { line in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                return (driver, fields[0], fields.count > 1 ? fields[1] : "")
            }
        }
    }

    @Test func everyEntityIsListed() {
        #expect(Self.everyEntity.count == 11 + 8)
    }

    @Test(arguments: everyEntity)
    func printEntityIsMediaCtlPrintE(driver: String, id: String, name: String) async throws {
        let result = await BuiltBinary.run([
            "topology", "--from", Self.fixtures + "\(driver).recording.json", "-e", name, "--format", "media-ctl",
            "--media-ctl-version", "1.22",
        ])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == (try Self.read("media-ctl-e/\(driver)-\(id).media-ctl-p-e.txt")))
    }

    @Test func jsonOfOneEntityIsItsDescription() async throws {
        let result = await BuiltBinary.run(["topology", "--from", Self.fixtures + "vimc.recording.json", "--entity", "Scaler", "--format", "json"])
        #expect(result.status == 0)
        let description = try JSONDecoder().decode(EntityDescription.self, from: Data(result.stdout.utf8))
        #expect(description.entity.id == 21)  // "- entity 21: Scaler" in media-ctl -p
        #expect(description.devnode == "/dev/v4l-subdev5")
        #expect(description.links.count == 4)  // "Scaler (2 pads, 4 links)"
    }

    @Test(arguments: ["text", "media-ctl", "json", "dot"])
    func unknownEntityIsOneLineAndExitTwo(format: String) async {
        let result = await BuiltBinary.run(["topology", "--from", Self.fixtures + "vimc.recording.json", "-e", "Nope", "--format", format])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: /dev/media0: no entity named 'Nope' (entities: \"Sensor A\", "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func entityPrefixWithoutNameIsAUsageError() async {
        let result = await BuiltBinary.run(["entity", "-d", "entity:", "Scaler"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "mediactl: select device entity:: 'entity:' needs an entity name, as in entity:Scaler\n")
    }

    @Test func entityNeedsAName() async {
        let result = await BuiltBinary.run(["entity", "-d", "/dev/null"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Missing expected argument '<name>'"))
        let notMedia = await BuiltBinary.run(["entity", "-d", "/dev/null", "Scaler"])
        #expect(notMedia.status == 4)
    }
}
