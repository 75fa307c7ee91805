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

    @Test func aliasesNeverNameACode() {
        for alias in FormatNames.mbusAliases {
            guard let code = FormatNames.mbusCode(named: alias.alias) else { continue }
            #expect(FormatNames.mbusCodeName(code) == alias.name)
        }
    }
}
