import CLinuxMedia

/// The media-controller checks of v4l2-compliance's `v4l2-test-media.cpp`, in the order
/// `check` runs and numbers them.
public struct MediaChecker {
    /// One check: its KTAP name, what it checks, and how.
    public struct Check: Sendable {
        public let name: String
        public let summary: String
        let run: @Sendable (MediaCheckInput, Probes) -> CheckOutcome
    }

    /// The probes, with the request probe run at most once for the two checks that use it.
    final class Probes {
        let probes: any MediaCheckProbes
        private var request: RequestProbeResult?

        init(_ probes: any MediaCheckProbes) { self.probes = probes }

        var requestResult: RequestProbeResult {
            if let request { return request }
            let result = probes.requestLifetime()
            request = result
            return result
        }
    }

    public static let checks: [Check] = [
        Check(name: "device_info_strings", summary: "DEVICE_INFO strings are NUL-terminated") { input, _ in
            DeviceInfoChecks.strings(input)
        },
        Check(name: "device_info_reserved", summary: "DEVICE_INFO zeroes its reserved fields") { input, _ in
            DeviceInfoChecks.reserved(input)
        },
        Check(name: "device_info_bus_info", summary: "bus_info has a known bus prefix") { input, _ in
            DeviceInfoChecks.busInfo(input)
        },
        Check(name: "device_info_versions", summary: "media_version is set and driver_version matches it") { input, _ in
            DeviceInfoChecks.versions(input)
        },
        Check(name: "entity_ids", summary: "entity ids are non-zero and unique") { input, _ in
            TopologyChecks.entityIDs(input)
        },
        Check(name: "entity_names", summary: "entity names are terminated and unique in 31 characters") { input, _ in
            TopologyChecks.entityNames(input)
        },
        Check(name: "entity_functions", summary: "entity functions are valid for G_TOPOLOGY") { input, _ in
            TopologyChecks.entityFunctions(input)
        },
        Check(name: "interface_ids", summary: "interface ids are non-zero and unique, types known, flags 0") { input, _ in
            TopologyChecks.interfaceIDs(input)
        },
        Check(name: "devnodes", summary: "each interface's and entity's device node exists with its major:minor") {
            input, _ in DevnodeChecks.devnodes(input)
        },
        Check(name: "pad_ids", summary: "pad ids are non-zero and unique, their entities exist") { input, _ in
            TopologyChecks.padIDs(input)
        },
        Check(name: "pad_flags", summary: "each pad is exactly one of SINK and SOURCE") { input, _ in
            TopologyChecks.padFlags(input)
        },
        Check(name: "pad_indices", summary: "pad indices are unique per entity and run from 0") { input, _ in
            TopologyChecks.padIndices(input)
        },
        Check(name: "link_ids", summary: "link ids are non-zero and unique") { input, _ in
            TopologyChecks.linkIDs(input)
        },
        Check(name: "link_ends", summary: "data links join a SOURCE pad to a SINK pad that exist") { input, _ in
            TopologyChecks.linkEnds(input)
        },
        Check(name: "interface_links", summary: "interface links point from interfaces to entities") { input, _ in
            TopologyChecks.interfaceLinks(input)
        },
        Check(name: "link_flags", summary: "IMMUTABLE links are ENABLED and not DYNAMIC") { input, _ in
            TopologyChecks.linkFlags(input)
        },
        Check(name: "sink_pad_enabled_links", summary: "at most one enabled link ends at each sink pad") { input, _ in
            TopologyChecks.sinkPadEnabledLinks(input)
        },
        Check(name: "enum_entities", summary: "ENUM_ENTITIES walks increasing ids with valid types") { input, _ in
            LegacyChecks.entities(input)
        },
        Check(name: "enum_links", summary: "ENUM_LINKS gives each entity's pads and data links") { input, _ in
            LegacyChecks.links(input)
        },
        Check(name: "topology_matches_enum", summary: "G_TOPOLOGY agrees with ENUM_ENTITIES/ENUM_LINKS") { input, _ in
            LegacyChecks.matchesTopology(input)
        },
        Check(name: "setup_link_invalid", summary: "SETUP_LINK refuses a zeroed link with EINVAL") { _, probes in
            ProbeChecks.setupLinkInvalid(probes.probes)
        },
        Check(name: "setup_link_immutable", summary: "SETUP_LINK refuses to change an immutable link") { input, probes in
            ProbeChecks.setupLinkImmutable(input, probes.probes)
        },
        Check(name: "setup_link_same_flags", summary: "SETUP_LINK accepts a link's own flags, not a link type") {
            input, probes in ProbeChecks.setupLinkSameFlags(input, probes.probes)
        },
        Check(name: "request_alloc", summary: "MEDIA_IOC_REQUEST_ALLOC allocates a request") { _, probes in
            ProbeChecks.requestAlloc(probes.requestResult)
        },
        Check(name: "request_outlives_media_fd", summary: "a request still works after its media fd is closed") {
            _, probes in ProbeChecks.requestOutlivesMediaFD(probes.requestResult)
        },
        Check(name: "simultaneous_opens", summary: "the media node opens 100 times at once") { _, probes in
            ProbeChecks.openMany(probes.probes)
        },
    ]

    public init() {}

    /// Runs every check, in order.
    package func run(_ input: MediaCheckInput, probes: any MediaCheckProbes) -> CheckReport {
        let shared = Probes(probes)
        let results = Self.checks.map { check in
            Self.result(check, outcome: check.run(input, shared))
        }
        return CheckReport(
            devnode: input.devnode, driver: string(fromCArray: input.deviceInfo.driver),
            model: string(fromCArray: input.deviceInfo.model), results: results)
    }

    static func result(_ check: Check, outcome: CheckOutcome) -> CheckResult {
        switch outcome {
        case .pass:
            return CheckResult(name: check.name, summary: check.summary, status: .pass)
        case .skip(let reason):
            return CheckResult(name: check.name, summary: check.summary, status: .skip, reason: reason)
        case .fail(let problems):
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            return CheckResult(
                name: check.name, summary: check.summary, status: .fail, reason: (problems.first ?? "failed") + more,
                details: problems)
        }
    }
}

extension MediaChecker {
    /// Reads a live device and runs every check on it.
    public static func check(
        _ device: MediaDevice, devnodes: any DevnodeResolving, files: any DeviceFileStatting = LiveDeviceFiles()
    ) throws(MediaError) -> CheckReport {
        let input = try MediaCheckInput.read(
            device, deviceInfo: try device.rawDeviceInfoFilled(), devnodes: devnodes, files: files)
        return MediaChecker().run(input, probes: LiveMediaCheckProbes(device: device))
    }
}
