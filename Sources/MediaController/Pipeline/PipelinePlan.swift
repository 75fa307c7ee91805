/// What a run would change (`apply --dry-run`): each step compared with the device as read
/// now, nothing set. Formats are compared as requested: the driver may still adjust them,
/// and a real run also copies a source pad's format to the subdev sink pads it is linked to.
public struct PipelinePlan: Sendable, Equatable {
    /// One property that would change, as text in spec syntax.
    public struct Change: Sendable, Equatable {
        public var from: String
        public var to: String
    }

    /// One step: the link or pad and what would change on it (empty: nothing).
    public struct Entry: Sendable, Equatable {
        public var line: Int?
        /// `"Debayer B":1 -> "Scaler":0` or `"Scaler":0`.
        public var subject: String
        public var changes: [Change]
    }

    public var entries: [Entry]

    /// The entries that would change something.
    public var changing: [Entry] { entries.filter { !$0.changes.isEmpty } }

    /// One line per step that would change something, then a summary:
    /// `line 3: "Debayer B":1 -> "Scaler":0: [] -> [ENABLED]`.
    public func render() -> String {
        var out = ""
        for entry in changing {
            let changes = entry.changes.map { "\($0.from) -> \($0.to)" }.joined(separator: ", ")
            out += (entry.line.map { "line \($0): " } ?? "") + "\(entry.subject): \(changes)\n"
        }
        let count = changing.count
        out += "dry run: \(count) of \(entries.count) spec\(entries.count == 1 ? "" : "s") would change the device; nothing was changed\n"
        return out
    }
}

extension PipelineSession {
    /// Compares each step with the device, changing nothing: the links with the graph as
    /// read (updated in memory by the earlier steps, as a run would), the pads with what
    /// `VIDIOC_SUBDEV_G_FMT` and `G_SELECTION` return now (or what an earlier step asked).
    public func plan(_ steps: [PipelineStep]) throws(MediaError) -> PipelinePlan {
        var graph = self.graph
        var pads: [PadAddress: SubdevPadState] = [:]
        var entries: [PipelinePlan.Entry] = []
        for step in steps {
            switch step.action {
            case .link(let request):
                let from = graph.link(request.address)?.flags ?? request.link.flags
                let changes = from == request.flags ? [] : [PipelinePlan.Change(from: linkFlagsText(from), to: linkFlagsText(request.flags))]
                entries.append(.init(line: step.line, subject: graph.describe(request.address), changes: changes))
                graph = graph.updating(request.address, flags: request.flags)
            case .format(let request):
                let address = request.pad.address
                let current: SubdevPadState
                if let known = pads[address] {
                    current = known
                } else {
                    let node = try subdev(request.devnode)
                    current = MediaCtlPadFormat.read(node, pad: UInt32(request.pad.index), which: which)
                        ?? SubdevPadState(pad: UInt32(request.pad.index), format: nil)
                }
                let (changes, after) = Self.compare(request.spec, with: current)
                pads[address] = after
                entries.append(.init(line: step.line, subject: graph.describe(address), changes: changes))
            }
        }
        return PipelinePlan(entries: entries)
    }

    /// The given parts of a spec that differ from a pad's state, and the state with them set.
    static func compare(_ spec: FormatSpec, with state: SubdevPadState) -> ([PipelinePlan.Change], SubdevPadState) {
        var changes: [PipelinePlan.Change] = []
        var after = state
        if let wanted = spec.frameFormat {
            var merged = state.format ?? wanted
            merged.code = wanted.code
            merged.width = wanted.width
            merged.height = wanted.height
            if spec.field != nil { merged.field = wanted.field }
            if spec.colorspace != nil { merged.colorspace = wanted.colorspace }
            if spec.transferFunction != nil { merged.transferFunction = wanted.transferFunction }
            if spec.ycbcrEncoding != nil { merged.ycbcrEncoding = wanted.ycbcrEncoding }
            if spec.quantization != nil { merged.quantization = wanted.quantization }
            if merged != state.format {
                let from = state.format.map { FormatSpecText.properties(format: $0) } ?? "no format"
                changes.append(.init(from: from, to: FormatSpecText.properties(format: wanted)))
            }
            after.format = merged
        }
        func rectangle(_ name: String, _ wanted: Rectangle?, _ current: Rectangle?) -> Rectangle? {
            guard let wanted else { return current }
            if wanted != current {
                changes.append(
                    .init(from: current.map { "\(name):\(FormatSpecText.rectangle($0))" } ?? "no \(name)",
                        to: "\(name):\(FormatSpecText.rectangle(wanted))"))
            }
            return wanted
        }
        after.crop = rectangle("crop", spec.crop, state.crop)
        after.compose = rectangle("compose", spec.compose, state.compose)
        if let interval = spec.interval {
            if interval != state.interval {
                changes.append(
                    .init(from: state.interval.map { "@\($0.numerator)/\($0.denominator)" } ?? "no interval",
                        to: "@\(interval.numerator)/\(interval.denominator)"))
            }
            after.interval = interval
        }
        return (changes, after)
    }
}
