import MediaController
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
        let snapshot = try SnapshotReader(devnodes: counting, subdevs: recorded).read(recorded)
        let lookups = counting.lookups.withLock { $0 }
        #expect(!lookups.isEmpty)
        #expect(lookups.values.allSatisfy { $0 == 1 }, "\(lookups)")
        #expect(snapshot == (try recorded.snapshot()))
        #expect(Set(lookups.keys) == Set(snapshot.topology.interfaces.map { "\($0.major):\($0.minor)" }))
    }
}
