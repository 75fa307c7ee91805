/// Prints a snapshot exactly as `media-ctl -p` prints the same device, in the dialect of
/// one media-ctl release (`MediaCtlDialect`, 1.22 unless given): a drop-in for scripts
/// that parse media-ctl. Works from the legacy view, as media-ctl does, so it shows only
/// what media-ctl can show.
public struct MediaCtlRenderer {
    public let dialect: MediaCtlDialect

    public init(dialect: MediaCtlDialect = MediaCtlDialect(.v1_22)) { self.dialect = dialect }

    /// With `only`, that entity alone, as `media-ctl -p -e NAME` prints it: the header
    /// and the entity's block, without the "Device topology" line.
    public func render(_ snapshot: MediaSnapshot, only entityID: UInt32? = nil) -> String {
        var out = header(snapshot.info)
        if let entityID {
            guard let legacy = snapshot.legacy, let entity = legacy.entity(id: entityID) else { return out }
            return out + self.entity(entity, links: Self.links(of: entityID, in: legacy), in: legacy, snapshot: snapshot)
        }
        out.reserveCapacity(512 + 1024 * (snapshot.legacy?.entities.count ?? 0))  // grown once, not per line
        out += "Device topology\n"
        guard let legacy = snapshot.legacy else { return out }
        for entity in legacy.entities {
            out += self.entity(entity, links: Self.links(of: entity.id, in: legacy), in: legacy, snapshot: snapshot)
        }
        return out
    }

    /// The "Media controller API version" and "Media device information" blocks.
    func header(_ info: DeviceInfo) -> String {
        "Media controller API version \(kernelVersionString(info.mediaVersion))\n\n"
            + "Media device information\n------------------------\n" + DeviceInfoRenderer.lines(info) + "\n"
    }

    /// An entity's links as libmediactl stores them: every forward link is appended to
    /// its source entity and its twin to its sink entity, walking entities in id order.
    static func links(of entityID: UInt32, in legacy: LegacyTopology) -> [LegacyLink] {
        var result: [LegacyLink] = []
        for entity in legacy.entities {
            for link in entity.links {
                if link.source.entityID == entityID { result.append(link) }
                if link.sink.entityID == entityID { result.append(link) }
            }
        }
        return result
    }

    func entity(_ entity: LegacyEntity, links: [LegacyLink], in legacy: LegacyTopology, snapshot: MediaSnapshot) -> String {
        let lead = "- entity \(entity.id): "
        let padding = String(repeating: " ", count: lead.count)
        var out = lead + "\(entity.name) (\(plural(Int(entity.padCount), "pad")), \(plural(links.count, "link"))"
        let subdev = snapshot.subdev(of: entity.id)
        let routes = dialect.readsRoutes ? subdev?.routes ?? [] : []
        // media-ctl counts routes with `!= 1`, pads and links with `> 1`.
        out += dialect.countsRoutes && entity.isSubdev ? ", \(routes.count) route\(routes.count != 1 ? "s" : ""))\n" : ")\n"
        out.reserveCapacity(1024)
        out += padding + "type \(Self.typeName(entity.type)) subtype \(Self.subtypeName(entity.type)) "
        out += "flags \(String(entity.flags.rawValue, radix: 16))\n"
        if let devnode = entity.devnode, entity.isSubdev || entity.isDeviceNode {
            out += padding + "device node name \(devnode)\n"
        }
        if !routes.isEmpty { out += Self.routesBlock(routes) }
        for index in 0..<UInt16(entity.padCount) {
            let flags = entity.pads.first { $0.index == index }?.flags ?? []
            out += "\tpad\(index): \(dialect.padType(flags))\n"
            if routes.isEmpty {
                if let state = subdev?.pads.first(where: { $0.pad == UInt32(index) }) {
                    out += Self.formatBlock(state, dialect: dialect)
                }
            } else {
                // The streams active routes carry on this pad's side, in route order.
                for stream in routes.activeStreams(onPad: UInt32(index), sink: flags.contains(.sink)) {
                    if let state = subdev?.streams?.first(where: { $0.pad == UInt32(index) && $0.stream == stream }) {
                        out += Self.formatBlock(state, dialect: dialect)
                    }
                }
            }
            for link in links {
                if link.source.entityID == entity.id && link.source.index == index {
                    out += "\t\t-> \"\(legacy.entity(id: link.sink.entityID)?.name ?? "")\":\(link.sink.index) "
                } else if link.sink.entityID == entity.id && link.sink.index == index {
                    out += "\t\t<- \"\(legacy.entity(id: link.source.entityID)?.name ?? "")\":\(link.source.index) "
                } else {
                    continue
                }
                out += "[\(link.flags.stateNames.joined(separator: ","))]\n"
            }
        }
        return out + "\n"
    }

    /// The `[fmt:...]` block media-ctl prints under a subdev pad; empty without a format.
    /// Exactly what `media-ctl --get-v4l2 PAD` prints for a pad read with
    /// `MediaCtlPadFormat.read`: the `\t\t[fmt:...]` block (`[stream:0 fmt:...]` from
    /// 1.26), or nothing.
    public static func padFormat(_ state: SubdevPadState?, dialect: MediaCtlDialect = MediaCtlDialect(.v1_22)) -> String {
        state.map { formatBlock($0, dialect: dialect) } ?? ""
    }

    /// `codeName` names the media bus code: the dialect's names unless given (the text
    /// view, `TextRenderer`, gives the kernel's); everything else is media-ctl's.
    static func formatBlock(
        _ state: SubdevPadState, dialect: MediaCtlDialect, codeName: ((UInt32) -> String)? = nil
    ) -> String {
        guard let format = state.format else { return "" }
        var out = dialect.printsStreams ? "\t\t[stream:\(state.stream ?? 0) fmt:" : "\t\t[fmt:"
        out += "\(codeName?(format.code) ?? dialect.mbusCodeName(format.code))/\(format.width)x\(format.height)"
        if let interval = state.interval { out += "@\(interval.numerator)/\(interval.denominator)" }
        if format.field != 0 { out += " field:\(FormatNames.fieldName(format.field))" }
        if format.colorspace != 0 {
            out += " colorspace:\(FormatNames.colorspaceName(format.colorspace))"
            if format.transferFunction != 0 { out += " xfer:\(FormatNames.transferFunctionName(format.transferFunction))" }
            if format.ycbcrEncoding != 0 { out += " ycbcr:\(FormatNames.ycbcrEncodingName(format.ycbcrEncoding))" }
            if format.quantization != 0 { out += " quantization:\(FormatNames.quantizationName(format.quantization))" }
        }
        for (name, rect) in [
            ("crop.bounds", state.cropBounds), ("crop", state.crop), ("compose.bounds", state.composeBounds),
            ("compose", state.compose),
        ] {
            guard let rect else { continue }
            // Before 1.28 media-ctl prints left and top with %u: -2 shows as 4294967294.
            out += "\n\t\t \(name):\(dialect.origin(rect))/\(rect.width)x\(rect.height)"
        }
        return out + "]\n"
    }

    /// `\troutes:` and one `\t\tSINK/STREAM -> SOURCE/STREAM [ACTIVE|INACTIVE]` line per route.
    static func routesBlock(_ routes: [SubdevRoute]) -> String {
        var out = "\troutes:\n"
        for route in routes {
            out += "\t\t\(route.sinkPad)/\(route.sinkStream) -> \(route.sourcePad)/\(route.sourceStream) "
            out += route.active ? "[ACTIVE]\n" : "[INACTIVE]\n"
        }
        return out
    }

    /// media-ctl's pluralisation: "s" only when the count is above one ("0 link").
    func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count > 1 ? "s" : "")"
    }

    static func typeName(_ type: UInt32) -> String {
        switch type & 0x00ff_0000 {
        case 0x0001_0000: "Node"
        case 0x0002_0000: "V4L2 subdev"
        default: "Unknown"
        }
    }

    static func subtypeName(_ type: UInt32) -> String {
        let nodeSubtypes = ["Unknown", "V4L", "FB", "ALSA", "DVB"]
        let subdevSubtypes = ["Unknown", "Sensor", "Flash", "Lens", "Decoder", "Tuner"]
        let subtype = Int(type & 0xffff)
        let table: [String]
        switch type & 0x00ff_0000 {
        case 0x0001_0000: table = nodeSubtypes
        case 0x0002_0000: table = subdevSubtypes
        default: return "Unknown"
        }
        return subtype < table.count ? table[subtype] : "Unknown"
    }
}
