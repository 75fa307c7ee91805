/// The kernel's link validation rules, as the Debian 6.1 and 6.12 kernels have them.
enum LinkRules {
    /// `V4L2_FIELD_NONE`: a progressive sink takes any field order.
    static let fieldNone: UInt32 = 1

    /// The rule of a link whose sink entity has no `link_validate`: __media_pipeline_start
    /// skips it (`if (!entity->ops || !entity->ops->link_validate) continue;`).
    static let noLinkValidate = "none: the sink has no link_validate"

    /// `v4l2_subdev_link_validate_default` (drivers/media/v4l2-core/v4l2-subdev.c): width,
    /// height and media bus code must be equal; the field must be equal unless the sink's
    /// is NONE. The kernel does not compare colorspaces; a difference of two colorspaces
    /// that are both set (not DEFAULT) is returned as a warning.
    static func subdevDefault(source: FrameFormat, sink: FrameFormat) -> (differences: [String], warnings: [String]) {
        var differences: [String] = []
        if source.code != sink.code { differences.append("code") }
        if source.width != sink.width { differences.append("width") }
        if source.height != sink.height { differences.append("height") }
        if source.field != sink.field && sink.field != fieldNone { differences.append("field") }
        var warnings: [String] = []
        if source.colorspace != sink.colorspace && source.colorspace != 0 && sink.colorspace != 0 {
            warnings.append("colorspace")
        }
        return (differences, warnings)
    }

    /// `vimc_vdev_link_validate` (drivers/media/test-drivers/vimc/vimc-common.c), a subdev
    /// pad into a vimc capture node. The pad's format becomes a `v4l2_pix_format` by
    /// `v4l2_fill_pix_format` (size, field, colorimetry) and vimc's table (pixel format).
    /// Width, height and pixel format must be equal; the field too unless the node's is
    /// NONE; then, unless either colorspace is DEFAULT, the colorspaces must be equal, and
    /// so must YCbCr encoding, quantization and transfer function where both are set.
    /// Nil when the pad's code is not in vimc's table (vimc's pads never take one).
    static func vimcCapture(source: FrameFormat, sink: PixelFormat) -> [String]? {
        guard let pixelFormat = VimcFormats.pixelFormat(forCode: source.code) else { return nil }
        var differences: [String] = []
        if source.width != sink.width { differences.append("width") }
        if source.height != sink.height { differences.append("height") }
        if pixelFormat != sink.pixelFormat { differences.append("pixelformat") }
        if source.field != sink.field && sink.field != fieldNone { differences.append("field") }
        guard source.colorspace != 0 && sink.colorspace != 0 else { return differences }
        if source.colorspace != sink.colorspace { differences.append("colorspace") }
        func bothSetAndDiffer(_ a: UInt32, _ b: UInt32) -> Bool { a != 0 && b != 0 && a != b }
        if bothSetAndDiffer(UInt32(source.ycbcrEncoding), sink.ycbcrEncoding) { differences.append("ycbcr") }
        if bothSetAndDiffer(UInt32(source.quantization), sink.quantization) { differences.append("quantization") }
        if bothSetAndDiffer(UInt32(source.transferFunction), sink.transferFunction) { differences.append("xfer") }
        return differences
    }
}

extension ValidationInput {
    /// Applies the rule the kernel applies to one enabled data link: the sink entity's
    /// `link_validate`. A subdev sink gets `v4l2_subdev_link_validate`, which falls back
    /// to the default rule stream by stream (`checkStreams`; vimc's subdevs have no rule
    /// of their own; other drivers' may, and user space cannot see it); a vimc capture
    /// node gets vimc's rule, mc_mux's none; anything else is not checked, with the reason.
    func check(_ link: Link) -> LinkCheck {
        let source = padName(link.sourceID)
        let sink = padName(link.sinkID)
        guard let sourcePad = topology.pad(id: link.sourceID), let sinkPad = topology.pad(id: link.sinkID) else {
            return LinkCheck(source: source, sink: sink, rule: nil, status: .notChecked, reason: "a pad of the link is missing")
        }
        func notChecked(_ rule: String?, _ reason: String, sourceFormat: String? = nil, sinkFormat: String? = nil) -> LinkCheck {
            LinkCheck(
                source: source, sink: sink, rule: rule, status: .notChecked, sourceFormat: sourceFormat,
                sinkFormat: sinkFormat, reason: reason)
        }
        let sourceFormat = isSubdev(sourcePad.entityID)
            ? padFormat(entityID: sourcePad.entityID, index: sourcePad.index ?? 0) : nil
        let sourceText = sourceFormat.map { FormatSpecText.properties(format: $0) }
        if isSubdev(sinkPad.entityID) {
            guard isSubdev(sourcePad.entityID) else {
                return notChecked(nil, "the source is not a subdev: its own link_validate decides, which is not modelled")
            }
            return checkStreams(link, source: sourcePad, sink: sinkPad)
        }
        guard let video = video(sinkPad.entityID) else {
            return notChecked(nil, "the sink is neither a subdev nor a video node")
        }
        if driver == "mc_mux" {
            // mc_mux.c (Scripts/kernel/modules/mc-mux): its capture node has no entity
            // operations, so __media_pipeline_start validates nothing on this link.
            return LinkCheck(source: source, sink: sink, rule: LinkRules.noLinkValidate, status: .ok)
        }
        guard driver == "vimc" else {
            return notChecked(nil, "the \(driver) driver's link_validate for video nodes is not modelled")
        }
        let rule = "vimc_vdev_link_validate"
        guard let capture = video.format else {
            return notChecked(rule, "the format of \(sink) could not be read (\(video.problem ?? "?"))", sourceFormat: sourceText)
        }
        let sinkText = Self.text(capture)
        guard let sourceFormat else {
            return notChecked(rule, "the format of \(source) could not be read", sinkFormat: sinkText)
        }
        guard let differences = LinkRules.vimcCapture(source: sourceFormat, sink: capture) else {
            return notChecked(rule, "\(source)'s code is not in vimc's table", sourceFormat: sourceText, sinkFormat: sinkText)
        }
        return LinkCheck(
            source: source, sink: sink, rule: rule, status: differences.isEmpty ? .ok : .mismatch,
            differences: differences, sourceFormat: sourceText, sinkFormat: sinkText)
    }

    /// `pixelformat:RGB3/640x480 field:none colorspace:srgb`: a capture format in the
    /// words of `-V`, colorimetry only where set.
    static func text(_ format: PixelFormat) -> String {
        var parts = ["pixelformat:\(PixelFormat.fourccText(format.pixelFormat))/\(format.width)x\(format.height)"]
        parts.append("field:\(FormatNames.fieldName(format.field))")
        if format.colorspace != 0 { parts.append("colorspace:\(FormatNames.colorspaceName(format.colorspace))") }
        if format.transferFunction != 0 {
            parts.append("xfer:\(FormatNames.transferFunctionName(UInt16(truncatingIfNeeded: format.transferFunction)))")
        }
        if format.ycbcrEncoding != 0 {
            parts.append("ycbcr:\(FormatNames.ycbcrEncodingName(UInt16(truncatingIfNeeded: format.ycbcrEncoding)))")
        }
        if format.quantization != 0 {
            parts.append("quantization:\(FormatNames.quantizationName(UInt16(truncatingIfNeeded: format.quantization)))")
        }
        return parts.joined(separator: " ")
    }
}
