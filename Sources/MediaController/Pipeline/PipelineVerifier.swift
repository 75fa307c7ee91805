import CLinuxMedia

/// What a run expects to read back: the last flags it set on each link and the last
/// values the driver returned for each pad part it set.
struct PipelineExpectations {
    struct Pad {
        var line: Int?
        var format: FrameFormat?
        var crop: Rectangle?
        var compose: Rectangle?
        var interval: Fraction?
    }

    var links: [LinkAddress: (flags: LinkFlags, line: Int?)] = [:]
    var pads: [PadAddress: Pad] = [:]

    mutating func record(_ request: LinkRequest, line: Int?) {
        links[request.address] = (request.flags, line)
    }

    mutating func record(_ result: PadFormatResult, line: Int?) {
        var pad = pads[result.pad] ?? Pad()
        if let format = result.format { pad.format = format.actual }
        if let crop = result.crop { pad.crop = crop.actual }
        if let compose = result.compose { pad.compose = compose.actual }
        if let interval = result.interval { pad.interval = interval.actual }
        guard result.format != nil || result.crop != nil || result.compose != nil || result.interval != nil else { return }
        pad.line = line
        pads[result.pad] = pad
    }
}

/// Reads a device back after a run and lists what differs from what was set.
struct PipelineVerifier {
    let session: PipelineSession

    func mismatches(_ expected: PipelineExpectations, graph: PipelineGraph) -> [VerificationMismatch] {
        var found: [VerificationMismatch] = []
        for (address, want) in expected.links.sorted(by: { $0.key < $1.key }) {
            let actual = graph.link(address)?.flags
            if actual != want.flags {
                found.append(
                    VerificationMismatch(
                        line: want.line, subject: graph.describe(address), expected: linkFlagsText(want.flags),
                        found: actual.map(linkFlagsText) ?? "no such link"))
            }
        }
        for (address, want) in expected.pads.sorted(by: { $0.key < $1.key }) {
            found += padMismatches(address, want, graph: graph)
        }
        return found
    }

    private func padMismatches(
        _ address: PadAddress, _ want: PipelineExpectations.Pad, graph: PipelineGraph
    ) -> [VerificationMismatch] {
        let subject = graph.describe(address)
        func mismatch(_ expected: String, _ found: String) -> VerificationMismatch {
            VerificationMismatch(line: want.line, subject: subject, expected: expected, found: found)
        }
        guard let devnode = graph.entity(id: address.entityID)?.devnode else {
            return [mismatch(FormatSpecText.properties(format: want.format), "nothing (no subdev device node)")]
        }
        let node: any SubdevPads
        do throws(MediaError) {
            node = try session.subdev(devnode)
        } catch {
            return [mismatch(FormatSpecText.properties(format: want.format), "nothing (\(error))")]
        }
        let pad = UInt32(address.index)
        var found: [VerificationMismatch] = []
        if let format = want.format {
            switch node.rawFormat(pad: pad, which: session.which) {
            case .success(let raw):
                let actual = FrameFormat(raw.format)
                if actual != format {
                    found.append(
                        mismatch(FormatSpecText.properties(format: format), FormatSpecText.properties(format: actual)))
                }
            case .failure(let errno):
                found.append(mismatch(FormatSpecText.properties(format: format), "nothing (G_FMT: \(errnoText(errno)))"))
            }
        }
        for (target, wanted, name) in [
            (V4L2_SEL_TGT_CROP, want.crop, "crop"), (V4L2_SEL_TGT_COMPOSE, want.compose, "compose"),
        ] {
            guard let wanted else { continue }
            switch node.rawSelection(pad: pad, target: UInt32(target), which: session.which) {
            case .success(let raw):
                let actual = Rectangle(left: raw.r.left, top: raw.r.top, width: raw.r.width, height: raw.r.height)
                if actual != wanted {
                    found.append(
                        mismatch("\(name):\(FormatSpecText.rectangle(wanted))", "\(name):\(FormatSpecText.rectangle(actual))"))
                }
            case .failure(let errno):
                found.append(mismatch("\(name):\(FormatSpecText.rectangle(wanted))", "nothing (G_SELECTION: \(errnoText(errno)))"))
            }
        }
        if let interval = want.interval {
            let wanted = "@\(interval.numerator)/\(interval.denominator)"
            switch node.rawFrameInterval(pad: pad) {
            case .success(let raw):
                if raw.interval.numerator != interval.numerator || raw.interval.denominator != interval.denominator {
                    found.append(mismatch(wanted, "@\(raw.interval.numerator)/\(raw.interval.denominator)"))
                }
            case .failure(let errno):
                found.append(mismatch(wanted, "nothing (G_FRAME_INTERVAL: \(errnoText(errno)))"))
            }
        }
        return found
    }
}
