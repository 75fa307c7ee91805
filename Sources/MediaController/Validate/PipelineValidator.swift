/// `validate`: compares the formats at both ends of enabled data links by the kernel's
/// rules, and predicts what STREAMON on each capture video node returns.
public enum PipelineValidator {
    /// Why `validate` cannot run as asked: one line, a usage error.
    public struct ScopeError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Kernel rules that can decide STREAMON which validate does not model (README).
    static func notModelled(driver: String) -> [String] {
        var rules = [
            "a streams subdev whose routes cannot be read (a kernel without the Streams API): its links are compared "
                + "on stream 0 and every sink pad is taken to feed every source pad",
            "a driver's own has_pad_interdep: a subdev without routes is taken to tie every sink pad to every source "
                + "pad, one with routes to tie the pads an active route joins (v4l2_subdev_has_pad_interdep)",
            "a pad already in another started pipeline (EBUSY), and errors of the drivers' s_stream",
        ]
        if driver != "vimc" && driver != "mc_mux" {
            rules.insert(
                "a driver's own pad link_validate, or a subdev without link_validate (its links are not validated): "
                    + "subdev links are checked with the kernel's default rule", at: 0)
            rules.insert("the \(driver) driver's link_validate for video nodes: those links are not checked", at: 1)
        }
        return rules
    }

    /// Validates the whole device (`entities` empty) or the pipelines the kernel would
    /// build from the named entities' pads. Throws a `ScopeError` for a name that matches
    /// no entity or several, and when no enabled data link is in scope.
    public static func validate(_ input: ValidationInput, entities names: [String] = []) throws(ScopeError)
        -> ValidationReport
    {
        let topology = input.topology
        let captures = topology.entities.filter { input.video($0.id)?.format != nil }
        var scopeLinks = topology.dataLinks.filter { $0.flags.contains(.enabled) }
        var scopeCaptures = captures
        if !names.isEmpty {
            var pads: Set<UInt32> = []
            var named: [Entity] = []
            let routes = input.routingTables
            for name in names {
                let entity = try lookup(name, in: topology, input: input)
                named.append(entity)
                for pad in topology.pads(of: entity.id) {
                    pads.formUnion(KernelPipeline(topology: topology, start: pad.id, routes: routes).pads)
                }
            }
            scopeLinks = scopeLinks.filter { pads.contains($0.sinkID) }
            scopeCaptures = captures.filter { capture in topology.pads(of: capture.id).contains { pads.contains($0.id) } }
            guard !scopeLinks.isEmpty else {
                let list = named.map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw ScopeError(description: "no enabled data link reaches \(list) on \(input.devnode): nothing to validate")
            }
        }
        guard !scopeLinks.isEmpty else {
            throw ScopeError(description: "\(input.devnode) has no enabled data link: nothing to validate")
        }
        let verdicts = scopeCaptures.map { verdict(for: $0, input: input) }
        return ValidationReport(
            devnode: input.devnode, driver: input.driver, model: input.model, links: scopeLinks.map(input.check),
            captures: verdicts, notModelled: notModelled(driver: input.driver))
    }

    /// What STREAMON on a capture node returns: the pipeline from its pad validated in
    /// the kernel's order, then, for vimc, its streamer's walk to a sensor.
    static func verdict(for capture: Entity, input: ValidationInput) -> CaptureVerdict {
        let topology = input.topology
        let devnode = input.video(capture.id)?.devnode
        guard let pad = topology.pads(of: capture.id).first else {
            return CaptureVerdict(entity: capture.name, devnode: devnode, verdict: .unknown, reason: "the node has no pad")
        }
        let pipeline = KernelPipeline(topology: topology, start: pad.id, routes: input.routingTables)
        let (links, failure, unchecked) = pipeline.validate(input.check)
        let names = links.map(\.name)
        if let failure {
            return CaptureVerdict(
                entity: capture.name, devnode: devnode, verdict: .fails, errno: failure.errno, reason: failure.reason,
                links: names)
        }
        if let unchecked {
            return CaptureVerdict(
                entity: capture.name, devnode: devnode, verdict: .unknown,
                reason: "\(unchecked.name) not checked: \(unchecked.reason ?? "?")", links: names)
        }
        if input.driver == "vimc", let reason = KernelPipeline.vimcStreamerFailure(topology: topology, capture: capture.id) {
            return CaptureVerdict(
                entity: capture.name, devnode: devnode, verdict: .fails, errno: "EPIPE", reason: reason, links: names)
        }
        return CaptureVerdict(entity: capture.name, devnode: devnode, verdict: .starts, links: names)
    }

    /// An entity by its exact name, else by its device node (`/dev/video0`), else by a
    /// name prefix that only one entity has.
    static func lookup(_ name: String, in topology: Topology, input: ValidationInput) throws(ScopeError) -> Entity {
        let exact = topology.entities.filter { $0.name == name }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 {
            throw ScopeError(description: "\"\(name)\" names \(exact.count) entities (ids \(exact.map { String($0.id) }.joined(separator: ", ")))")
        }
        let byNode = topology.entities.filter { entity in topology.interfaces(of: entity.id).contains { $0.devnode == name } }
        if byNode.count == 1 { return byNode[0] }
        let prefixed = topology.entities.filter { $0.name.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        if prefixed.count > 1 {
            let list = prefixed.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw ScopeError(description: "\"\(name)\" is ambiguous: it could be \(list)")
        }
        throw ScopeError(description: "no entity named \"\(name)\" on \(input.devnode)")
    }
}
