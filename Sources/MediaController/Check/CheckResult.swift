/// How one check ended.
public enum CheckStatus: String, Sendable, Codable, Equatable {
    case pass, fail, skip
}

/// The result of one check, as `check` prints it (text, KTAP, JSON).
public struct CheckResult: Sendable, Codable, Equatable {
    /// A KTAP-safe name (`entity_ids`): lower case, no spaces, no `#`.
    public var name: String
    /// What was checked, for people.
    public var summary: String
    public var status: CheckStatus
    /// One line: the first problem of a failure, or why the check was skipped.
    public var reason: String?
    /// Every problem found (failures), or nothing.
    public var details: [String]

    public init(name: String, summary: String, status: CheckStatus, reason: String? = nil, details: [String] = []) {
        self.name = name
        self.summary = summary
        self.status = status
        self.reason = reason
        self.details = details
    }
}

/// What a check function found: nothing wrong, problems, or a reason it could not run.
public enum CheckOutcome: Sendable, Equatable {
    case pass
    case fail([String])
    case skip(String)

    /// Passes when `problems` is empty.
    static func from(_ problems: [String]) -> CheckOutcome { problems.isEmpty ? .pass : .fail(problems) }
}

/// Every check run on one media device.
public struct CheckReport: Sendable, Codable, Equatable {
    /// The JSON schema version; bump on incompatible changes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var devnode: String
    public var driver: String
    public var model: String
    public var results: [CheckResult]

    public init(devnode: String, driver: String, model: String, results: [CheckResult]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.devnode = devnode
        self.driver = driver
        self.model = model
        self.results = results
    }

    public var passed: Int { results.filter { $0.status == .pass }.count }
    public var failed: Int { results.filter { $0.status == .fail }.count }
    public var skipped: Int { results.filter { $0.status == .skip }.count }

    /// 0 when nothing failed (skips are not failures), 1 otherwise.
    public var exitCode: Int32 { failed == 0 ? 0 : 1 }
}
