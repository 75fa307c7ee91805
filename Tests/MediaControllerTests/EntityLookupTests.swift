import Testing

@testable import MediaController

/// Entities by name (`media-ctl -e`, `media-ctl -p -e`) on the recordings of vimc and
/// vivid. The references are what media-ctl 1.22.1 printed for every entity of the same
/// devices in the VM (Fixtures/media-ctl-e, see Fixtures/README.md).
@Suite struct EntityLookupTests {
    /// One line of `DRIVER.media-ctl-e.tsv`: an entity media-ctl listed, and `media-ctl -e`'s answer.
    struct Recorded: CustomStringConvertible {
        var driver: String
        var id: UInt32
        var name: String
        var devnode: String
        var status: String
        var description: String { "\(driver) \(id) \(name)" }
    }

    static func recorded(_ driver: String) throws -> [Recorded] {
        try Fixtures.text("media-ctl-e/\(driver).media-ctl-e.tsv").split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 4, "bad line \(line)")
            return Recorded(
                driver: driver, id: try #require(UInt32(fields[0])), name: fields[1], devnode: fields[2], status: fields[3])
        }
    }

    static var everyEntity: [Recorded] {
        ((try? recorded("vimc")) ?? []) + ((try? recorded("vivid")) ?? [])
    }

    @Test func everyEntityOfBothDevicesWasRecorded() throws {
        // vimc's 11 entities and vivid's 8 (KERNEL-LAB.md), as media-ctl -p lists them.
        #expect(try Self.recorded("vimc").count == 11)
        #expect(try Self.recorded("vivid").count == 8)
        for driver in ["vimc", "vivid"] {
            let listed = try Fixtures.text("\(driver).media-ctl-p.txt").split(separator: "\n").filter { $0.hasPrefix("- entity ") }
            #expect(listed.count == (try Self.recorded(driver)).count)
        }
    }

    @Test(arguments: everyEntity)
    func nameFindsTheEntityMediaCtlFinds(entity: Recorded) throws {
        let snapshot = try Fixtures.snapshot(entity.driver)
        #expect(try snapshot.entity(named: entity.name).id == entity.id)
        #expect(entity.status == "0")
        #expect(try snapshot.devnode(ofEntityNamed: entity.name) == entity.devnode)
    }

    @Test(arguments: everyEntity)
    func oneEntityIsByteForByteMediaCtlPrintE(entity: Recorded) throws {
        let snapshot = try Fixtures.snapshot(entity.driver)
        let reference = try Fixtures.text("media-ctl-e/\(entity.driver)-\(entity.id).media-ctl-p-e.txt")
        let found = try snapshot.entity(named: entity.name)
        #expect(MediaCtlRenderer().render(snapshot, only: found.id) == reference)
    }

    /// The description's data links are the `->`/`<-` lines media-ctl printed for the entity.
    @Test(arguments: everyEntity)
    func descriptionHasTheLinksMediaCtlPrints(entity: Recorded) throws {
        let snapshot = try Fixtures.snapshot(entity.driver)
        let description = snapshot.describe(try snapshot.entity(named: entity.name))
        let reference = try Fixtures.text("media-ctl-e/\(entity.driver)-\(entity.id).media-ctl-p-e.txt")
        var printed: [String] = []
        var pad = ""
        for line in reference.split(separator: "\n") {
            if line.hasPrefix("\tpad") { pad = String(line.dropFirst(4).prefix { $0 != ":" }) }
            if line.hasPrefix("\t\t-> ") || line.hasPrefix("\t\t<- ") { printed.append("\(pad) \(line.dropFirst(2))") }
        }
        let ours = description.links.filter { $0.kind == .data }.map { link in
            let arrow = link.direction == .outgoing ? "->" : "<-"
            return "\(link.pad ?? 99) \(arrow) \"\(link.remoteEntity)\":\(link.remotePad ?? 99) [\(link.flags.stateNames.joined(separator: ","))]"
        }
        #expect(ours.sorted() == printed.sorted())
        #expect(description.devnode == entity.devnode)
        #expect(description.entity.id == entity.id)
        #expect(description.pads.count == Int(try #require(snapshot.legacy?.entity(id: entity.id)).padCount))
        #expect(description.mediaDevice == snapshot.devnode)
    }

    /// The text view of one entity is the full view's header and that entity's block.
    @Test(arguments: everyEntity)
    func textOfOneEntityIsItsBlockOfTheFullText(entity: Recorded) throws {
        let snapshot = try Fixtures.snapshot(entity.driver)
        let full = TextRenderer().render(snapshot)
        let one = TextRenderer().render(snapshot, only: entity.id)
        let header = String(full[..<(try #require(full.firstRange(of: "Device topology\n"))).lowerBound])
        #expect(one.hasPrefix(header))
        let block = String(one.dropFirst(header.count))
        #expect(block.hasPrefix("- entity \(entity.id): \(entity.name) ("))
        #expect(full.contains("\n" + block))
    }

    /// A DOT graph of one entity has an edge for each link media-ctl counts for it, and
    /// declares every node an edge names.
    @Test(arguments: everyEntity)
    func dotOfOneEntityHasItsLinks(entity: Recorded) throws {
        let snapshot = try Fixtures.snapshot(entity.driver)
        let dot = DotRenderer().render(snapshot, only: entity.id)
        let reference = try Fixtures.text("media-ctl-e/\(entity.driver)-\(entity.id).media-ctl-p-e.txt")
        let heading = try #require(reference.split(separator: "\n").first { $0.hasPrefix("- entity ") })
        let links = try #require(Int(heading.split(separator: ", ").last?.split(separator: " ").first ?? ""))
        let lines = dot.split(separator: "\n")
        let edges = lines.filter { $0.contains(" -> ") && !$0.contains("style=dotted") }
        #expect(edges.count == links)
        let declared = Set(lines.filter { $0.contains(" [label=") }.map { $0.dropFirst().prefix(9) })
        #expect(declared.contains(Substring(DotRenderer.nodeName(entity.id))))
        for edge in lines.filter({ $0.contains(" -> ") }) {
            for end in edge.dropFirst().split(separator: " -> ") {
                #expect(declared.contains(end.prefix(9)), "\(edge)")
            }
        }
    }

    @Test func unknownNameListsTheEntities() throws {
        let snapshot = try Fixtures.snapshot("vivid")
        let error = #expect(throws: MediaError.self) { try snapshot.entity(named: "Sensor A") }
        #expect(error?.code == .entityNotFound)
        #expect(
            error?.description
                == "/dev/media1: no entity named 'Sensor A' (entities: \"vivid-000-vid-cap\", \"vivid-000-vid-out\", "
                + "\"vivid-000-vbi-cap\", \"vivid-000-vbi-out\", \"vivid-000-sdr-cap\", \"vivid-000-meta-cap\", "
                + "\"vivid-000-meta-out\", \"vivid-000-touch-cap\")")
    }

    @Test func prefixesAndCaseDoNotMatch() throws {
        let snapshot = try Fixtures.snapshot("vimc")
        for name in ["Sensor", "sensor a", "Sensor A ", "", "Scaler\0"] {
            #expect(throws: MediaError.self, "\(name)") { try snapshot.entity(named: name) }
        }
    }

    @Test func sameNameTwiceIsAmbiguous() throws {
        var snapshot = try Fixtures.snapshot("vimc")
        let index = try #require(snapshot.topology.entities.firstIndex { $0.name == "Sensor B" })
        snapshot.topology.entities[index].name = "Sensor A"
        let error = #expect(throws: MediaError.self) { try snapshot.entity(named: "Sensor A") }
        #expect(error?.code == .ambiguousEntity)
        #expect(error?.description == "/dev/media0: 'Sensor A' names 2 entities: ids 1, 3 (give the full name)")
    }

    /// `media_entity_desc.name` is 32 bytes: a longer name reaches media-ctl cut to 31.
    @Test func longNamesMatchInFullAndAsMediaCtlShowsThem() throws {
        var snapshot = try Fixtures.snapshot("vimc")
        let full = "Scaler with a name longer than thirty-one bytes"
        let index = try #require(snapshot.topology.entities.firstIndex { $0.name == "Scaler" })
        snapshot.topology.entities[index].name = full
        #expect(try snapshot.entity(named: full).id == 21)
        #expect(try snapshot.entity(named: "Scaler with a name longer than ").id == 21)
        #expect(throws: MediaError.self) { try snapshot.entity(named: "Scaler with a name longer than t") }
        #expect(throws: MediaError.self) { try snapshot.entity(named: "Scaler with a name longer") }
    }

    /// An entity that is neither a device node nor a subdev has no node for media-ctl
    /// either (it prints nothing and exits 0); mediactl says so.
    @Test func entityWithoutDeviceNodeIsAnError() throws {
        var snapshot = try Fixtures.snapshot("vimc")
        let index = try #require(snapshot.legacy?.entities.firstIndex { $0.name == "Lens A" })
        snapshot.legacy?.entities[index].type = 0x0003_0000  // MEDIA_ENT_T_* class 3: neither
        let error = #expect(throws: MediaError.self) { try snapshot.devnode(ofEntityNamed: "Lens A") }
        #expect(error?.code == .noDeviceNode)
        #expect(error?.description == "/dev/media0: entity 'Lens A' has no device node")
        #expect(snapshot.describe(try snapshot.entity(named: "Lens A")).devnode == nil)
    }

    /// vimc's lenses have no pads: their links to the sensors are ancillary (vimc-core.c).
    @Test func lensDescriptionHasItsAncillaryLink() throws {
        let snapshot = try Fixtures.snapshot("vimc")
        let lens = snapshot.describe(try snapshot.entity(named: "Lens A"))
        #expect(lens.pads.isEmpty)
        #expect(lens.links.map(\.kind) == [.ancillary])
        #expect(lens.links.first?.direction == .incoming)
        #expect(lens.links.first?.remoteEntity == "Sensor A")
    }
}
