import Glibc
@testable import MediaController
import Synchronization
import Testing

/// SnapshotReader asks for each device number once: interfaces (G_TOPOLOGY) and
/// legacy entities (ENUM_ENTITIES) name the same nodes, and each lookup goes to udev.
@Suite struct SnapshotReaderTests {
    /// A resolver that counts its lookups and answers like the recording.
    final class CountingResolver: DevnodeResolving, Sendable {
        let recorded: RecordedMediaSource
        let lookups = Mutex<[String: Int]>([:])
        init(_ recorded: RecordedMediaSource) { self.recorded = recorded }
        func devnode(major: UInt32, minor: UInt32) -> String? {
            lookups.withLock { $0["\(major):\(minor)", default: 0] += 1 }
            return recorded.devnode(major: major, minor: minor)
        }
    }

    @Test(arguments: ["vimc", "vivid"])
    func eachDeviceNumberIsLookedUpOnce(driver: String) throws {
        let recorded = RecordedMediaSource(try Fixtures.recording(driver))
        let counting = CountingResolver(recorded)
        let snapshot = try SnapshotReader(devnodes: counting, subdevs: recorded).read(source: recorded)
        let lookups = counting.lookups.withLock { $0 }
        #expect(!lookups.isEmpty)
        #expect(lookups.values.allSatisfy { $0 == 1 }, "\(lookups)")
        #expect(snapshot == (try recorded.snapshot()))
        #expect(Set(lookups.keys) == Set(snapshot.topology.interfaces.map { "\($0.major):\($0.minor)" }))
    }
}

/// sysfs and libudev name the same node for every character device of this machine
/// (the default resolver asks sysfs first); the VM lane's media devices are among them there.
@Suite struct DevnodeResolverTests {
    static var characterDevices: [(major: UInt32, minor: UInt32)] {
        guard let directory = opendir("/sys/dev/char") else { return [] }
        defer { closedir(directory) }
        var numbers: [(UInt32, UInt32)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let parts = name.split(separator: ":").compactMap { UInt32($0) }
            if parts.count == 2 { numbers.append((parts[0], parts[1])) }
        }
        return numbers
    }

    @Test func sysfsAndUdevAgree() throws {
        let devices = Self.characterDevices
        #expect(!devices.isEmpty)
        let udev = try #require(UdevDevnodeResolver())
        let sysfs = SysfsDevnodeResolver()
        let fallback = defaultDevnodeResolver()
        for device in devices {
            let expected = udev.devnode(major: device.major, minor: device.minor)
            #expect(sysfs.devnode(major: device.major, minor: device.minor) == expected, "\(device.major):\(device.minor)")
            #expect(fallback.devnode(major: device.major, minor: device.minor) == expected, "\(device.major):\(device.minor)")
        }
        #expect(fallback.devnode(major: 1, minor: 3) == "/dev/null")
        #expect(fallback.devnode(major: 4095, minor: 1_000_000) == nil)
    }
}

@Suite struct UeventFieldTests {
    @Test func oneFieldIsFoundWithoutConfusingPrefixes() {
        let uevent = "MAJOR=81\nMINOR=3\nDEVNAMEX=wrong\nDEVNAME=video3\n"
        #expect(ueventField("DEVNAME", in: uevent) == "video3")
        #expect(ueventField("MINOR", in: uevent) == "3")
        #expect(ueventField("DEVPATH", in: uevent) == nil)
        #expect(ueventField("DEVNAME", in: "DEVNAME=\n") == "")
        #expect(ueventField("DEVNAME", in: "MAJOR=81\nDEVNAME=media0") == "media0", "last line without a newline")
        #expect(ueventField("DEVNAME", in: "DEV\nDEVNAME") == nil, "lines shorter than the key, no '='")
        #expect(ueventField("DEVNAME", in: "") == nil)
        #expect(ueventField("DEVNAME", in: "DEVNAME=a=b\n") == "a=b")
    }
}
