/// One end of a link: an entity's name and a pad index, as `"Scaler":0`.
public struct PadName: Sendable, Codable, Equatable, CustomStringConvertible {
    public var entity: String
    public var index: UInt32

    public init(entity: String, index: UInt32) {
        self.entity = entity
        self.index = index
    }

    public var description: String { "\"\(entity)\":\(index)" }
}

/// How one enabled data link compares.
public enum LinkStatus: String, Sendable, Codable, Equatable {
    /// The rule found nothing the kernel would refuse.
    case ok
    /// The kernel's rule refuses the link: STREAMON of a pipeline through it fails.
    case mismatch
    /// No rule could be applied (a format that cannot be read, a rule not modelled).
    case notChecked = "not-checked"
}

/// The comparison of one enabled data link's two formats.
public struct LinkCheck: Sendable, Codable, Equatable {
    public var source: PadName
    public var sink: PadName
    /// The kernel function whose rule was applied, or nil when none was.
    public var rule: String?
    public var status: LinkStatus
    /// What differs in a way the rule refuses (`code`, `width`, `height`, `field`,
    /// `pixelformat`, `colorspace`, `ycbcr`, `quantization`, `xfer`).
    public var differences: [String]
    /// What differs without the rule refusing it (`colorspace` on subdev links).
    public var warnings: [String]
    /// The source pad's format in `-V` syntax, nil when it could not be read.
    public var sourceFormat: String?
    /// The sink's format: a pad's in `-V` syntax, a capture node's as `pixelformat:FOURCC/WxH ...`.
    public var sinkFormat: String?
    /// Why the link was not checked.
    public var reason: String?
    /// The sink pad's streams the rule compared, ascending (`v4l2_subdev_link_validate`);
    /// nil on a link where neither end has routes (stream 0 alone).
    public var streams: [UInt32]?
    /// The stream whose formats the rule refused, nil when the link has no routes.
    public var stream: UInt32?
    /// Sink streams the source pad does not carry: the kernel refuses the link with
    /// EINVAL before comparing formats.
    public var dangling: [UInt32]?

    public init(
        source: PadName, sink: PadName, rule: String?, status: LinkStatus, differences: [String] = [],
        warnings: [String] = [], sourceFormat: String? = nil, sinkFormat: String? = nil, reason: String? = nil
    ) {
        self.source = source
        self.sink = sink
        self.rule = rule
        self.status = status
        self.differences = differences
        self.warnings = warnings
        self.sourceFormat = sourceFormat
        self.sinkFormat = sinkFormat
        self.reason = reason
    }

    /// `"Sensor A":0 -> "Debayer A":0`.
    public var name: String { "\(source) -> \(sink)" }

    /// What the rule refused: `stream 0: width, height differ`, or the dangling streams.
    public var problem: String {
        if let dangling, !dangling.isEmpty {
            let list = dangling.map(String.init).joined(separator: ", ")
            return "sink \(dangling.count == 1 ? "stream" : "streams") \(list) of \(sink) "
                + "\(dangling.count == 1 ? "has" : "have") no source stream on \(source) (dangling)"
        }
        return (stream.map { "stream \($0): " } ?? "") + Self.differ(differences)
    }

    /// `code differs`, `width, height differ`.
    public static func differ(_ fields: [String]) -> String {
        fields.joined(separator: ", ") + (fields.count == 1 ? " differs" : " differ")
    }
}

/// What `VIDIOC_STREAMON` on a capture node is expected to return.
public enum StreamOnVerdict: String, Sendable, Codable, Equatable {
    /// The pipeline passes every modelled rule: STREAMON returns 0.
    case starts
    /// A modelled rule refuses the pipeline: STREAMON fails (`errno` says with what).
    case fails
    /// No failure found, but a link in the pipeline could not be checked.
    case unknown
}

/// The expected outcome of STREAMON on one capture video node.
public struct CaptureVerdict: Sendable, Codable, Equatable {
    public var entity: String
    public var devnode: String?
    public var verdict: StreamOnVerdict
    /// The errno STREAMON fails with (`EPIPE`, `ENOLINK`), nil unless it fails.
    public var errno: String?
    /// The first reason in the kernel's order, or what could not be checked.
    public var reason: String?
    /// The enabled links the kernel validates when this node starts streaming.
    public var links: [String]

    public init(
        entity: String, devnode: String?, verdict: StreamOnVerdict, errno: String? = nil, reason: String? = nil,
        links: [String] = []
    ) {
        self.entity = entity
        self.devnode = devnode
        self.verdict = verdict
        self.errno = errno
        self.reason = reason
        self.links = links
    }
}

/// Everything `validate` found on one media device.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// The JSON schema version; bump on incompatible changes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var devnode: String
    public var driver: String
    public var model: String
    /// Every enabled data link in scope, in the graph's order.
    public var links: [LinkCheck]
    /// Every capture video node in scope.
    public var captures: [CaptureVerdict]
    /// Kernel rules this device may be subject to that validate does not model.
    public var notModelled: [String]

    public init(
        devnode: String, driver: String, model: String, links: [LinkCheck], captures: [CaptureVerdict],
        notModelled: [String]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.devnode = devnode
        self.driver = driver
        self.model = model
        self.links = links
        self.captures = captures
        self.notModelled = notModelled
    }

    public var mismatches: [LinkCheck] { links.filter { $0.status == .mismatch } }

    /// 1 when a link or a capture node's pipeline is refused, 0 otherwise (warnings and
    /// links that could not be checked do not fail).
    public var exitCode: Int32 {
        mismatches.isEmpty && !captures.contains { $0.verdict == .fails } ? 0 : 1
    }
}
