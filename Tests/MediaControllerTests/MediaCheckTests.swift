import CLinuxMedia
import FoundationEssentials
import SystemPackage
import Testing

@testable import MediaController

@Suite struct MediaCheckTests {
    static let noRequests = RequestProbeResult(allocError: .inappropriateIOCTLForDevice)
    static let workingRequests = RequestProbeResult(queueError: .noSuchFileOrDirectory)

    static func input(_ driver: String) throws -> MediaCheckInput {
        let recording = try Fixtures.recording(driver)
        let source = RecordedMediaSource(recording)
        return try MediaCheckInput.read(source, devnodes: source, files: RecordedFiles(recording))
    }

    static func run(_ input: MediaCheckInput, requests: RequestProbeResult = noRequests) -> CheckReport {
        MediaChecker().run(input, probes: FakeCheckProbes(input, requests: requests))
    }

    static func status(_ report: CheckReport) -> [String: CheckStatus] {
        Dictionary(uniqueKeysWithValues: report.results.map { ($0.name, $0.status) })
    }

    /// What failed, with the first problem of each failure.
    static func failures(_ report: CheckReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.results.filter { $0.status == .fail }.map { ($0.name, $0.reason ?? "") })
    }

    @Test func vimcPassesWithoutRequestSupport() throws {
        let report = Self.run(try Self.input("vimc"))
        #expect(report.results.count == 26)
        #expect(Self.failures(report) == [:])
        #expect(report.results.filter { $0.status == .skip }.map(\.name) == ["request_alloc", "request_outlives_media_fd"])
        #expect(report.exitCode == 0)
        #expect(report.driver == "vimc")
    }

    @Test func vividPassesWithRequests() throws {
        let report = Self.run(try Self.input("vivid"), requests: Self.workingRequests)
        #expect(Self.failures(report) == [:])
        // vivid has no data links at all.
        #expect(report.results.filter { $0.status == .skip }.map(\.name) == ["setup_link_immutable", "setup_link_same_flags"])
        #expect(Self.status(report)["request_outlives_media_fd"] == .pass)
    }

    @Test func namesAreKTAPSafeAndUnique() {
        let names = MediaChecker.checks.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { name in name.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    // MARK: - Broken variants of the recordings

    /// Each variant breaks one rule; that check (and only the listed ones) must fail.
    @Test func duplicateEntityID() throws {
        var input = try Self.input("vimc")
        let first = try #require(input.topology?.entities[0].id)
        input.topology?.entities[1].id = first
        let failures = Self.failures(Self.run(input))
        #expect(failures["entity_ids"] == "entity id 0x00000001 appears more than once")
        #expect(failures["topology_matches_enum"] != nil)
    }

    @Test func unterminatedAndEmptyDeviceInfoStrings() throws {
        var input = try Self.input("vimc")
        withUnsafeMutableBytes(of: &input.deviceInfo.driver) { bytes in
            for index in bytes.indices { bytes[index] = UInt8(ascii: "x") }
        }
        withUnsafeMutableBytes(of: &input.deviceInfo.reserved) { $0[3] = 0xff }
        let failures = Self.failures(Self.run(input))
        #expect(failures["device_info_strings"] == "driver is not NUL-terminated")
        #expect(failures["device_info_reserved"] == "reserved fields are not zeroed")
        #expect(failures.count == 2)
    }

    @Test func busInfoWithoutPrefixAndVersionMismatch() throws {
        var input = try Self.input("vimc")
        copy("vimc", intoCArray: &input.deviceInfo.bus_info)
        input.deviceInfo.driver_version = 0x06_01_00
        let failures = Self.failures(Self.run(input))
        #expect(failures["device_info_bus_info"]?.hasPrefix("bus_info 'vimc' has none of the prefixes") == true)
        #expect(failures["device_info_versions"] == "driver_version 6.1.0 differs from media_version 6.12.117")
    }

    @Test func immutableLinkThatIsNotEnabled() throws {
        var input = try Self.input("vimc")
        let index = try #require(input.topology?.links.firstIndex { $0.flags == 3 })
        input.topology?.links[index].flags = 2
        let failures = Self.failures(Self.run(input))
        #expect(failures["link_flags"]?.hasSuffix("is IMMUTABLE but not ENABLED") == true)
        #expect(failures["topology_matches_enum"] != nil)
    }

    @Test func dataLinkToAMissingPad() throws {
        var input = try Self.input("vimc")
        let index = try #require(input.topology?.links.firstIndex { $0.flags & 0xf000_0000 == 0 })
        input.topology?.links[index].sink_id = 0x0100_ffff
        let failures = Self.failures(Self.run(input))
        #expect(failures["link_ends"]?.hasSuffix("sink pad 0x0100ffff does not exist") == true)
    }

    @Test func padThatIsBothSinkAndSource() throws {
        var input = try Self.input("vimc")
        input.topology?.pads[0].flags = UInt32(MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_SOURCE)
        let failures = Self.failures(Self.run(input))
        #expect(failures["pad_flags"]?.hasSuffix("is both SINK and SOURCE") == true)
        #expect(failures["link_ends"] == nil)  // a SOURCE bit is still there
    }

    @Test func repeatedPadIndex() throws {
        var input = try Self.input("vimc")
        let scaler = try #require(input.topology?.pads.indices.filter { input.topology?.pads[$0].entity_id == 21 })
        input.topology?.pads[scaler[1]].index = 0
        let failures = Self.failures(Self.run(input))
        #expect(failures["pad_indices"] == "entity 21 \"Scaler\" has pad indices 0,0, not 0 to 1")
    }

    @Test func interfaceLinkPointingTheWrongWay() throws {
        var input = try Self.input("vimc")
        let index = try #require(input.topology?.links.firstIndex { $0.flags & 0xf000_0000 == 0x1000_0000 })
        let link = try #require(input.topology?.links[index])
        input.topology?.links[index].source_id = link.sink_id
        input.topology?.links[index].sink_id = link.source_id
        let failures = Self.failures(Self.run(input))
        #expect(failures["interface_links"]?.contains("which is not an interface") == true)
    }

    @Test func videoEntityWithoutInterface() throws {
        var input = try Self.input("vivid")
        input.topology?.links.removeAll { $0.flags & 0xf000_0000 == 0x1000_0000 && $0.sink_id == 1 }
        let failures = Self.failures(Self.run(input, requests: Self.workingRequests))
        #expect(failures["interface_links"] == "entity 1 \"vivid-000-vid-cap\" (IO_V4L) has no interface")
    }

    @Test func subdevFunctionUnknownInGTopology() throws {
        var input = try Self.input("vimc")
        input.topology?.entities[2].function = 0x0002_0000
        let failures = Self.failures(Self.run(input))
        #expect(failures["entity_functions"] == "entity 5 \"Debayer A\": function is V4L2_SUBDEV_UNKNOWN, which G_TOPOLOGY must never report")
    }

    @Test func devnodesThatAreWrongOrMissing() throws {
        let recording = try Fixtures.recording("vimc")
        var files = RecordedFiles(recording)
        files.nodes["/dev/v4l-subdev5"]?.minor = 99
        files.nodes["/dev/video2"] = nil
        var input = try Self.input("vimc")
        input.files = files
        let result = try #require(Self.run(input).results.first { $0.name == "devnodes" })
        #expect(result.status == .fail)
        #expect(result.details.contains { $0.hasSuffix("/dev/v4l-subdev5 is 81:99") })
        #expect(result.details.contains { $0.hasSuffix("/dev/video2: No such file or directory (ENOENT)") })
        // Each node is both an interface (G_TOPOLOGY) and an entity's device (ENUM_ENTITIES).
        #expect(result.details.count == 4)
    }

    @Test func twoEnabledLinksIntoOneSinkPad() throws {
        var input = try Self.input("vimc")
        let debayerB = try #require(input.links[8])
        var links = debayerB.links
        links[0].flags = 1
        input.links[8] = RawEntityLinks(pads: debayerB.pads, links: links)
        let failures = Self.failures(Self.run(input))
        #expect(failures["sink_pad_enabled_links"] == "\"Scaler\":0 has 2 enabled incoming links, from \"Debayer A\":1, \"Debayer B\":1")
        #expect(failures["topology_matches_enum"]?.hasPrefix("the data links differ") == true)
    }

    @Test func enumerationOutOfOrderAndCountsThatDisagree() throws {
        var input = try Self.input("vimc")
        input.entities.swapAt(0, 1)
        input.entities[2].links += 1
        let failures = Self.failures(Self.run(input))
        #expect(failures["enum_entities"] == "entity 1 follows entity 3: ids do not increase")
        #expect(failures["topology_matches_enum"] == "ENUM_ENTITIES counts 9 links, G_TOPOLOGY has 8 data links")
    }

    @Test func enumLinksWithABadPadIndex() throws {
        var input = try Self.input("vimc")
        let sensor = try #require(input.links[1])
        var links = sensor.links
        links[0].sink.index = 7
        input.links[1] = RawEntityLinks(pads: sensor.pads, links: links)
        let failures = Self.failures(Self.run(input))
        #expect(failures["enum_links"] == "entity 1: link 1:0 -> 5:7 uses pad 7 of entity 5, which has 2")
    }

    @Test func withoutGTopologyTheModernChecksSkip() throws {
        var input = try Self.input("vimc")
        input.topology = nil
        let report = Self.run(input)
        #expect(report.exitCode == 0)
        let skipped = report.results.filter { $0.status == .skip }.map(\.name)
        #expect(skipped.contains("entity_ids"))
        #expect(skipped.contains("topology_matches_enum"))
        #expect(Self.status(report)["link_flags"] == .pass)  // the legacy links are still checked
    }

    // MARK: - Probes

    @Test func probesThatMisbehave() throws {
        let input = try Self.input("vimc")
        let probes = FakeCheckProbes(input, requests: RequestProbeResult(reinitError: .badFileDescriptor, queueError: .ioError))
        probes.acceptAnyFlags = true
        probes.openLimit = 50
        let failures = Self.failures(MediaChecker().run(input, probes: probes))
        #expect(failures["setup_link_immutable"] == "ENABLED without IMMUTABLE on 1:0 -> 5:0 gave success, not EINVAL")
        #expect(failures["setup_link_same_flags"] == "INTERFACE_LINK added to 5:1 -> 21:0 gave success, not EINVAL")
        #expect(failures["request_outlives_media_fd"] == "MEDIA_REQUEST_IOC_REINIT after closing the media fd failed: Bad file descriptor (EBADF) (and 1 more)")
        #expect(failures["simultaneous_opens"] == "open 51 of 100 failed: Too many open files (EMFILE)")
        #expect(failures["request_alloc"] == nil)
    }

    @Test func noSetupLinkIsASkip() throws {
        let input = try Self.input("vimc")
        let probes = FakeCheckProbes(input, requests: Self.noRequests)
        probes.setupLinkSupported = false
        let report = MediaChecker().run(input, probes: probes)
        #expect(Self.status(report)["setup_link_invalid"] == .skip)
    }

    /// The request probe runs once for both request checks.
    @Test func requestFailureOtherThanENOTTYFails() throws {
        let report = Self.run(try Self.input("vivid"), requests: RequestProbeResult(allocError: .noMemory))
        #expect(Self.failures(report)["request_alloc"] == "MEDIA_IOC_REQUEST_ALLOC failed: Cannot allocate memory (ENOMEM)")
        #expect(Self.status(report)["request_outlives_media_fd"] == .skip)
    }

    // MARK: - Output

    @Test func ktapOutput() throws {
        var input = try Self.input("vimc")
        input.topology?.pads[0].flags = 0
        let report = Self.run(input)
        let ktap = CheckReportRenderer().ktap(report)
        let lines = ktap.split(separator: "\n").map(String.init)
        #expect(lines[0] == "KTAP version 1")
        #expect(lines[1] == "1..26")
        #expect(lines[2] == "# mediactl check /dev/media0: driver vimc, model VIMC MDEV")
        #expect(lines[3] == "ok 1 device_info_strings")
        #expect(lines.contains("# pad_flags: pad 0x01000002 of entity 1 \"Sensor A\" is neither SINK nor SOURCE"))
        #expect(lines.contains("not ok 11 pad_flags # pad 0x01000002 of entity 1 \"Sensor A\" is neither SINK nor SOURCE"))
        #expect(lines.contains("ok 24 request_alloc # SKIP the driver does not support requests (MEDIA_IOC_REQUEST_ALLOC: ENOTTY)"))
        #expect(report.failed == 3)  // pad_flags, link_ends, and the two APIs disagree on the pad
        #expect(lines.last == "# Totals: pass:21 fail:3 xfail:0 xpass:0 skip:2 error:0")
        // Every result line is numbered in order.
        let numbers = lines.compactMap { line -> Int? in
            let parts = line.split(separator: " ")
            if line.hasPrefix("ok ") { return Int(parts[1]) }
            if line.hasPrefix("not ok ") { return Int(parts[2]) }
            return nil
        }
        #expect(numbers == Array(1...26))
    }

    @Test func textOutputAndJSON() throws {
        let report = Self.run(try Self.input("vimc"))
        let text = CheckReportRenderer().text(report)
        #expect(text.hasPrefix("mediactl check /dev/media0 (driver vimc, model VIMC MDEV)\n"))
        #expect(text.contains("\npass  entity_ids "))
        #expect(text.contains("\nskip  request_alloc "))
        #expect(text.hasSuffix("26 checks: 24 passed, 0 failed, 2 skipped\n"))
        let json = try JSONRenderer().renderValue(report)
        let decoded = try JSONDecoder().decode(CheckReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(json.contains("\"status\" : \"skip\""))
    }
}
