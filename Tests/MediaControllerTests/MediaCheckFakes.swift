import CLinuxMedia
import FoundationEssentials
import SystemPackage
import Testing

@testable import MediaController

/// Device files as the recording saw them: each resolved node is a character device
/// with its major:minor, unless a test changes that.
struct RecordedFiles: DeviceFileStatting {
    var nodes: [String: DeviceFileStatus]

    init(_ recording: MediaRecording) {
        nodes = Dictionary(
            recording.devnodes.map { ($0.path, DeviceFileStatus(isCharacterDevice: true, major: $0.major, minor: $0.minor)) },
            uniquingKeysWith: { first, _ in first })
    }

    func status(of path: String) -> Result<DeviceFileStatus, Errno> {
        nodes[path].map { .success($0) } ?? .failure(.noSuchFileOrDirectory)
    }
}

/// The kernel's answers to the probes, computed from the recorded graph with the rules
/// of `media_device_setup_link` and the request API.
final class FakeCheckProbes: MediaCheckProbes {
    let legacy: LegacyTopology
    var requests: RequestProbeResult
    var openLimit = Int.max
    var acceptAnyFlags = false
    var setupLinkSupported = true
    private(set) var setupCalls = 0

    init(_ input: MediaCheckInput, requests: RequestProbeResult) {
        legacy = input.legacy
        self.requests = requests
    }

    func setupLink(_ desc: inout media_link_desc) -> Errno? {
        setupCalls += 1
        guard setupLinkSupported else { return .inappropriateIOCTLForDevice }
        let address = LinkAddress(source: PadAddress(LegacyPad(desc.source)), sink: PadAddress(LegacyPad(desc.sink)))
        guard let link = legacy.entities.flatMap(\.links).first(where: { LinkAddress($0) == address }) else {
            return .invalidArgument
        }
        withUnsafeMutableBytes(of: &desc.reserved) { bytes in
            for index in bytes.indices { bytes[index] = 0 }
        }
        if acceptAnyFlags { return nil }
        let current = link.flags.rawValue
        if current & ~1 != desc.flags & ~1 { return .invalidArgument }
        if current & LinkFlags.immutable.rawValue != 0 && current != desc.flags { return .invalidArgument }
        return nil
    }

    func requestLifetime() -> RequestProbeResult { requests }

    func openSimultaneously(_ count: Int) -> OpenProbeResult {
        count <= openLimit ? OpenProbeResult(opened: count, error: nil) : OpenProbeResult(opened: openLimit, error: .tooManyOpenFiles)
    }
}
