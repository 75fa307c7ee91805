/// The links and subdev pad formats of a snapshot as a pipeline file that `mediactl apply`
/// reads unchanged, one media-ctl spec a line (`-l` and `-V` syntax, so each line also works
/// as an argument of `media-ctl -l` or `-V`):
///
/// ```
/// # links
/// "Debayer B":1 -> "Scaler":0 [0]
/// "Debayer A":1 -> "Scaler":0 [1]
/// # formats
/// "Sensor A":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb]
/// "Scaler":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb crop:(0,0)/640x480]
/// ```
///
/// Only what `apply` can set is written: the ENABLED bit of every link that is not
/// immutable (disabled ones first, so a driver that allows one enabled link per sink pad
/// never sees two), then the format of every subdev pad that answered G_FMT, with its crop
/// and compose rectangles and frame interval where the pad has them. Pads come in data-flow
/// order (an entity after every entity that links into it, sink pads before source pads):
/// replaying the file, media-ctl's propagation of a source format to linked sink pads, and a
/// driver's own from its sink to its source pads, only touch pads that come later.
public struct ApplyFileRenderer {
    public init() {}

    public func render(_ snapshot: MediaSnapshot) -> String {
        var out = "# mediactl topology --format apply: \(snapshot.info.model) (\(snapshot.info.busInfo)), driver \(snapshot.info.driver)\n"
        guard let legacy = snapshot.legacy else { return out }
        let names = EntityNames(legacy)
        let links = legacy.entities.flatMap(\.links).filter { !$0.flags.contains(.immutable) }
        out += "# links\n"
        for link in links.filter({ !$0.flags.contains(.enabled) }) + links.filter({ $0.flags.contains(.enabled) }) {
            out += "\(names.pad(link.source)) -> \(names.pad(link.sink)) [\(link.flags.contains(.enabled) ? 1 : 0)]\n"
        }
        out += "# formats\n"
        for entity in Self.dataFlowOrder(legacy) {
            guard let pads = snapshot.subdevPads(of: entity.id) else { continue }
            let sinksFirst = entity.pads.sorted { ($0.flags.contains(.sink) ? 0 : 1, $0.index) < ($1.flags.contains(.sink) ? 0 : 1, $1.index) }
            for pad in sinksFirst {
                guard let state = pads.first(where: { $0.pad == UInt32(pad.index) }), let format = state.format else { continue }
                let spec = "\(names.pad(pad)) [\(FormatSpecText.properties(format: format, crop: state.crop, compose: state.compose, interval: state.interval))]"
                if let unnamed = Self.unnamedValue(format) {
                    out += "# \(spec): left out, \(unnamed) has no name the -V syntax knows\n"
                } else {
                    out += spec + "\n"
                }
            }
        }
        return out
    }

    /// Entities ordered so that every entity comes after the sources of its incoming data
    /// links (ties and cycles: by id).
    static func dataFlowOrder(_ legacy: LegacyTopology) -> [LegacyEntity] {
        let links = legacy.entities.flatMap(\.links).filter { $0.source.entityID != $0.sink.entityID }
        var incoming: [UInt32: Int] = [:]
        for link in links { incoming[link.sink.entityID, default: 0] += 1 }
        var remaining = legacy.entities.sorted { $0.id < $1.id }
        var ordered: [LegacyEntity] = []
        while !remaining.isEmpty {
            let index = remaining.firstIndex { incoming[$0.id, default: 0] == 0 } ?? 0
            let entity = remaining.remove(at: index)
            ordered.append(entity)
            for link in links where link.source.entityID == entity.id { incoming[link.sink.entityID, default: 0] -= 1 }
        }
        return ordered
    }

    /// The first value of a format that would print as `unknown`, which no parser reads back.
    static func unnamedValue(_ format: FrameFormat) -> String? {
        let unknown = FormatNames.unknownName
        if FormatNames.mbusCodeName(format.code) == unknown { return "media bus code 0x\(String(format.code, radix: 16))" }
        if format.field != 0, FormatNames.fieldName(format.field) == unknown { return "field \(format.field)" }
        if format.colorspace != 0, FormatNames.colorspaceName(format.colorspace) == unknown {
            return "colorspace \(format.colorspace)"
        }
        if format.transferFunction != 0, FormatNames.transferFunctionName(format.transferFunction) == unknown {
            return "transfer function \(format.transferFunction)"
        }
        if format.ycbcrEncoding != 0, FormatNames.ycbcrEncodingName(format.ycbcrEncoding) == unknown {
            return "YCbCr encoding \(format.ycbcrEncoding)"
        }
        if format.quantization != 0, FormatNames.quantizationName(format.quantization) == unknown {
            return "quantization \(format.quantization)"
        }
        return nil
    }
}

/// How a spec names each entity: its name as media-ctl knows it (31 characters at most) in
/// double quotes, single quotes when the name holds a double quote, and the id when the
/// name holds both, a line break, or another entity has the same name.
struct EntityNames {
    private var names: [UInt32: String] = [:]

    init(_ legacy: LegacyTopology) {
        var counts: [String: Int] = [:]
        for entity in legacy.entities { counts[entity.name, default: 0] += 1 }
        for entity in legacy.entities {
            let name = entity.name
            let lineBreak = name.utf8.contains { $0 == 0x0a || $0 == 0x0d }
            if counts[name] != 1 || name.isEmpty || lineBreak || (name.contains("\"") && name.contains("'")) {
                names[entity.id] = String(entity.id)
            } else if name.contains("\"") {
                names[entity.id] = "'\(name)'"
            } else {
                names[entity.id] = "\"\(name)\""
            }
        }
    }

    func pad(_ pad: LegacyPad) -> String {
        "\(names[pad.entityID] ?? String(pad.entityID)):\(pad.index)"
    }
}
