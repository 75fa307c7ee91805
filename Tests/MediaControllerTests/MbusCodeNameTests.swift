import MediaController
import Testing

/// `FormatNames.mbusCodeName` scans the table instead of building a dictionary: it must
/// still give each code its first name in 1.22's lookup order, and agree with the
/// name-to-code lookup `-V` uses.
@Suite struct MbusCodeNameTests {
    /// Every code of the table, plus codes 1.22 does not know.
    static let codes: [UInt32] = FormatNames.knownMbusFormats.map(\.code) + [FormatNames.fixedMbusFormat.code, 0, 0x2fff, 0xffff_ffff]

    @Test func firstNameInLookupOrder() {
        let table = FormatNames.knownMbusFormats + [FormatNames.fixedMbusFormat]
        for code in Self.codes {
            let expected = table.first { $0.code == code }?.name ?? FormatNames.unknownName
            #expect(FormatNames.mbusCodeName(code) == expected, "code 0x\(String(code, radix: 16))")
        }
    }

    @Test func namesReadBackAsTheirCodes() {
        for code in Self.codes where FormatNames.mbusCodeName(code) != FormatNames.unknownName {
            #expect(FormatNames.mbusCode(named: FormatNames.mbusCodeName(code)) == code)
        }
    }

    /// A name only later media-ctl releases know is taken too: `META_8` is 0x8001 in the
    /// media bus header of v4l-utils 1.28 (MEDIA_BUS_FMT_META_8), which 1.22's table lacks.
    @Test func aNewerReleasesNameIsTaken() {
        #expect(!FormatNames.knownMbusFormats.contains { $0.name == "META_8" })
        #expect(FormatNames.mbusCode(named: "META_8") == 0x8001)
        #expect(FormatNames.mbusCode(named: "RGB101010_1X7X5_JEIDA") == 0x1027)
        #expect(FormatNames.mbusCode(named: "META_9") == nil)
        #expect(FormatNames.mbusCode(named: "meta_8") == nil)
    }

    @Test func aliasesNeverNameACode() {
        for alias in FormatNames.mbusAliases {
            guard let code = FormatNames.mbusCode(named: alias.alias) else { continue }
            #expect(FormatNames.mbusCodeName(code) == alias.name)
        }
    }
}
