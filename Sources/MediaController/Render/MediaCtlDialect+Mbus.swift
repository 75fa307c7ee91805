/// Each release's media bus names: its own table (`FormatNames.mediaCtl122Codes` for 1.22,
/// the header-generated `MediaCtlMbusFormats.swift` for the others), then `FIXED`, then the
/// short aliases `-V` accepts (1.28 added `Y16`), looked up as libv4l2subdev does: the
/// first entry with the code, else `"unknown"`.
extension MediaCtlDialect {
    /// What `--known-mbus-fmts` lists, in its order (`FIXED` and `METADATA_FIXED` never).
    public var mbusFormats: [(name: String, code: UInt32)] {
        switch release {
        case .v1_22: FormatNames.knownMbusFormats
        case .v1_26: FormatNames.mediaCtl126MbusFormats
        case .v1_28: FormatNames.mediaCtl128MbusFormats
        case .v1_30: FormatNames.mediaCtl130MbusFormats
        case .v1_32: FormatNames.mediaCtl132MbusFormats
        }
    }

    /// The name `[fmt:NAME/WxH` shows. Aliases never come first: each names a code that
    /// every release lists before it, so they need no scan here.
    public func mbusCodeName(_ code: UInt32) -> String {
        if let entry = mbusFormats.first(where: { $0.code == code }) { return entry.name }
        return code == FormatNames.fixedMbusFormat.code ? FormatNames.fixedMbusFormat.name : FormatNames.unknownName
    }

    /// The text of `media-ctl --known-mbus-fmts`.
    public func knownMbusFormatsListing() -> String {
        FormatNames.knownMbusFormatsListing(mbusFormats)
    }
}
