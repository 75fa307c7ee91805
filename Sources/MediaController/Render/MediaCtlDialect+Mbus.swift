/// Each release's media bus names: its own table (`FormatNames.mediaCtl122Codes` for 1.22,
/// its entries of the header-generated `MediaCtlMbusFormats.swift` for the others), then
/// `FIXED`, then the short aliases `-V` accepts (1.28 added `Y16`), looked up as
/// libv4l2subdev does: the first entry with the code, else `"unknown"`.
extension MediaCtlDialect {
    /// What `--known-mbus-fmts` lists, in its order (`FIXED` and `METADATA_FIXED` never).
    public var mbusFormats: [(name: String, code: UInt32)] {
        switch release {
        case .v1_22: FormatNames.knownMbusFormats
        case .v1_26: Tables.v1_26
        case .v1_28: Tables.v1_28
        case .v1_30: Tables.v1_30
        case .v1_32: Tables.v1_32
        }
    }

    /// Each release's entries of the generated table, made once.
    private enum Tables {
        static let v1_26 = formats(upTo: .v1_26)
        static let v1_28 = formats(upTo: .v1_28)
        static let v1_30 = formats(upTo: .v1_30)
        static let v1_32 = formats(upTo: .v1_32)

        static func formats(upTo release: Release) -> [(name: String, code: UInt32)] {
            FormatNames.mediaCtlMbusFormats.filter { $0.since <= release.minor }.map { ($0.name, $0.code) }
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
