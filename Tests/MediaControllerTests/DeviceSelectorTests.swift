import MediaControllerTestSupport
import Testing

@testable import MediaController

@Suite struct DeviceSelectorTests {
    static let vimc = MediaNode(
        devnode: "/dev/media0", sysPath: "/sys/devices/platform/vimc.0/media0", major: 236, minor: 0,
        parentName: "vimc.0", parentSysPath: "/sys/devices/platform/vimc.0", parentDriver: "vimc", parentSubsystem: "platform")
    static let vivid0 = MediaNode(
        devnode: "/dev/media1", sysPath: "/sys/devices/platform/vivid.0/media1", major: 236, minor: 1,
        parentName: "vivid.0", parentSysPath: "/sys/devices/platform/vivid.0", parentDriver: "vivid", parentSubsystem: "platform")
    static let vivid1 = MediaNode(
        devnode: "/dev/media2", sysPath: "/sys/devices/platform/vivid.1/media2", major: 236, minor: 2,
        parentName: "vivid.1", parentSysPath: "/sys/devices/platform/vivid.1", parentDriver: "vivid", parentSubsystem: "platform")

    static let infos: [String: DeviceInfo] = [
        "/dev/media0": DeviceInfo(driver: "vimc", model: "VIMC MDEV", serial: "", busInfo: "platform:vimc", mediaVersion: 0x060c75, hardwareRevision: 0, driverVersion: 0x060c75),
        "/dev/media1": DeviceInfo(driver: "vivid", model: "vivid", serial: "", busInfo: "platform:vivid-000", mediaVersion: 0x060c75, hardwareRevision: 0, driverVersion: 0x060c75),
        "/dev/media2": DeviceInfo(driver: "vivid", model: "vivid", serial: "", busInfo: "platform:vivid-001", mediaVersion: 0x060c75, hardwareRevision: 0, driverVersion: 0x060c75),
    ]

    func selector(_ nodes: [MediaNode] = [vimc, vivid0, vivid1]) -> DeviceSelector {
        DeviceSelector(enumerator: FakeEnumerator(nodes: nodes)) { Self.infos[$0] }
    }

    @Test(arguments: [
        (nil, "/dev/media0"),
        ("3", "/dev/media3"),
        ("/dev/media7", "/dev/media7"),
        ("vimc", "/dev/media0"),
        ("VIMC MDEV", "/dev/media0"),
        ("platform:vivid-001", "/dev/media2"),
        ("vivid.0", "/dev/media1"),
        ("/sys/devices/platform/vivid.1", "/dev/media2"),
        ("/sys/devices/platform/vimc.0/media0", "/dev/media0"),
    ] as [(String?, String)])
    func resolves(specification: String?, expected: String) throws {
        #expect(try selector().resolve(specification) == expected)
    }

    @Test func ambiguousDriverListsTheCandidates() {
        let error = #expect(throws: MediaError.self) { try selector().resolve("vivid") }
        #expect(error?.code == .ambiguousDevice)
        #expect(error?.description == "select device vivid: 'vivid' matches 2 media devices: /dev/media1, /dev/media2")
    }

    @Test func unknownNameSaysWhatExists() {
        let error = #expect(throws: MediaError.self) { try selector().resolve("uvcvideo") }
        #expect(error?.code == .deviceNotFound)
        #expect(error?.description.contains("no media device matches 'uvcvideo'") == true)
        #expect(error?.description.contains("/dev/media0, /dev/media1, /dev/media2") == true)
    }

    @Test func noDevicesAtAll() {
        let error = #expect(throws: MediaError.self) { try selector([]).resolve(nil) }
        #expect(error?.code == .noMediaDevices)
        let named = #expect(throws: MediaError.self) { try selector([]).resolve("vimc") }
        #expect(named?.code == .noMediaDevices)
    }

    /// `entity:NAME` on the recorded graphs: vimc at /dev/media0, vivid at /dev/media1;
    /// /dev/media2 cannot be read unless `twin` gives it vimc's graph too.
    func entitySelector(twin: Bool = false) throws -> DeviceSelector {
        let vimc = try Fixtures.snapshot("vimc").topology
        let vivid = try Fixtures.snapshot("vivid").topology
        let graphs = ["/dev/media0": vimc, "/dev/media1": vivid, "/dev/media2": twin ? vimc : nil]
        return DeviceSelector(
            enumerator: FakeEnumerator(nodes: [Self.vimc, Self.vivid0, Self.vivid1]), infoReader: { Self.infos[$0] },
            topologyReader: { graphs[$0] ?? nil })
    }

    @Test(arguments: [
        ("entity:Scaler", "/dev/media0"),
        ("entity:RGB/YUV Input", "/dev/media0"),
        ("entity:vivid-000-touch-cap", "/dev/media1"),
    ])
    func entityNameSelectsTheDeviceThatHasIt(specification: String, expected: String) throws {
        #expect(try entitySelector().resolve(specification) == expected)
    }

    @Test func entityNameOnNoDeviceSaysWhereItLooked() throws {
        let error = #expect(throws: MediaError.self) { try entitySelector().resolve("entity:vivid-001-vid-cap") }
        #expect(error?.code == .deviceNotFound)
        #expect(
            error?.description
                == "select device entity:vivid-001-vid-cap: no media device has an entity named 'vivid-001-vid-cap' "
                + "(searched: /dev/media0, /dev/media1) (could not read: /dev/media2)")
    }

    @Test func entityNameOnSeveralDevicesNamesThemByBusInfo() throws {
        let error = #expect(throws: MediaError.self) { try entitySelector(twin: true).resolve("entity:Sensor A") }
        #expect(error?.code == .ambiguousDevice)
        #expect(
            error?.description
                == "select device entity:Sensor A: an entity named 'Sensor A' is on 2 media devices: "
                + "/dev/media0 (platform:vimc), /dev/media2 (platform:vivid-001)")
    }

    @Test func entityWithoutNameIsAUsageError() throws {
        let error = #expect(throws: MediaError.self) { try entitySelector().resolve("entity:") }
        #expect(error?.code == .invalidArgument)
        let none = #expect(throws: MediaError.self) { try selector([]).resolve("entity:Scaler") }
        #expect(none?.code == .noMediaDevices)
    }

    @Test func enumerationFailureIsReported() {
        let failing = DeviceSelector(
            enumerator: FakeEnumerator(nodes: [], failure: MediaError(code: .enumerationFailed, operation: "udev_new"))
        ) { _ in nil }
        let error = #expect(throws: MediaError.self) { try failing.resolve("vimc") }
        #expect(error?.code == .enumerationFailed)
    }
}
