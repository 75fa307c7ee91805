import Testing

@testable import MediaController

/// media-ctl's `-l` syntax: what parses, and where the errors point.
@Suite struct LinkSpecParserTests {
    @Test func quotedNamesAndFlags() throws {
        let links = try LinkSpecParser.parse("\"Debayer B\":1 -> \"Scaler\":0 [1]")
        #expect(links.count == 1)
        let link = try #require(links.first)
        #expect(link.source.entity == .name("Debayer B"))
        #expect(link.source.index == 1)
        #expect(link.sink.entity == .name("Scaler"))
        #expect(link.sink.index == 0)
        #expect(link.flags == 1)
        #expect(link.source.entityOffset == 0)
        #expect(link.sink.entityOffset == 17)
        #expect(link.flagsOffset == 29)
    }

    /// Spellings media-ctl accepts: ids, single quotes, no spaces, spaces everywhere.
    @Test(arguments: [
        "8:1->21:0[1]",
        "8 : 1 -> 21 : 0 [ 1 ]",
        "  8:1 ->21:0 [1]  ",
        "'Debayer B':1 -> 'Scaler':0 [1]",
        "\"Debayer B\":1->\"Scaler\":0[1]",
        "\t\"Debayer B\" :1\t->\t\"Scaler\": 0\t[1]",
    ])
    func spellingsMediaCtlAccepts(spec: String) throws {
        let links = try LinkSpecParser.parse(spec)
        #expect(links.count == 1)
        #expect(links.first?.source.index == 1)
        #expect(links.first?.sink.index == 0)
        #expect(links.first?.flags == 1)
    }

    @Test func commaSeparatedList() throws {
        let links = try LinkSpecParser.parse("\"Debayer A\":1 -> \"Scaler\":0 [0], \"Debayer B\":1 -> \"Scaler\":0 [1]")
        #expect(links.map(\.flags) == [0, 1])
        #expect(links.map(\.source.entity) == [.name("Debayer A"), .name("Debayer B")])
        #expect(links[1].offset == 33)
    }

    @Test func nameWithTheOtherQuoteInside() throws {
        let links = try LinkSpecParser.parse("\"Bob's sensor\":0 -> 'say \"hi\"':0 [1]")
        #expect(links.first?.source.entity == .name("Bob's sensor"))
        #expect(links.first?.sink.entity == .name("say \"hi\""))
    }

    /// Each bad spec, the message it gives and the 1-based column it points at.
    @Test(arguments: [
        ("", "no link given", 1),
        ("\"Debayer B\":1 -> \"Scaler\":0 [1", "expected ']' after the link flags, found the end", 31),
        ("\"Debayer B\":1 > \"Scaler\":0 [1]", "expected '->' after the source pad, found '>'", 15),
        ("\"Debayer B\" 1 -> \"Scaler\":0 [1]", "expected ':' and a pad number after \"Debayer B\", found '1'", 13),
        ("\"Debayer B\":x -> \"Scaler\":0 [1]", "expected a pad number", 13),
        ("\"Debayer B:1 -> \"Scaler\":0 [1]", "expected ':' and a pad number after \"Debayer B:1 -> \", found 'S'", 18),
        ("\"Debayer B\":1 -> \"Scaler:0 [1]", "missing the closing \" of the entity name", 18),
        ("\"Debayer B\":1 -> \"Scaler\":0 1", "expected '[' and the link flags (0 or 1) after the sink pad, found '1'", 29),
        ("\"Debayer B\":1 -> \"Scaler\":0 []", "expected the link flags (0 or 1)", 30),
        ("\"Debayer B\":1 -> \"Scaler\":0 [0x1]", "expected ']' after the link flags, found 'x'", 31),
        ("\"Debayer B\":1 -> \"Scaler\":0 [1] x", "expected ',' or the end after the link, found 'x'", 33),
        ("\"Debayer B\":1 -> \"Scaler\":0 [1],", "expected an entity: a name in quotes or an id", 33),
        ("Scaler:0 -> 8:1 [1]", "expected an entity: a name in quotes or an id, found 'S'", 1),
        ("\"\":0 -> 8:1 [1]", "empty entity name", 1),
        ("99999999999:0 -> 8:1 [1]", "an entity id is too large", 1),
    ])
    func errorsPointAtTheColumn(spec: String, message: String, column: Int) {
        let error = #expect(throws: PipelineSpecError.self) { try LinkSpecParser.parse(spec) }
        #expect(error?.message == message)
        #expect(error?.column == column)
    }

    @Test func diagnosticPutsTheCaretUnderTheColumn() throws {
        let error = try #require(throws: PipelineSpecError.self) {
            try LinkSpecParser.parse("\"Debayer B\":1 > \"Scaler\":0 [1]")
        }
        let (line, caret) = error.diagnostic(indent: 10)
        #expect(line == "column 15: expected '->' after the source pad, found '>': \"Debayer B\":1 > \"Scaler\":0 [1]")
        // The caret sits under the '>' of the spec when both lines follow a 10-character prefix.
        let printed = String(repeating: " ", count: 10) + line
        let caretIndex = caret.count - 1
        #expect(caret.hasSuffix("^"))
        #expect(Array(printed)[caretIndex] == ">")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(throws: PipelineSpecError.self) { try LinkSpecParser.parse("\"Kamera ä\":0 x") }
        #expect(error.offset == 14)
        #expect(error.column == 14)
    }

    @Test func errorsCarryTheFileLine() throws {
        let error = try #require(throws: PipelineSpecError.self) { try LinkSpecParser.parse("8:1 -> 21:0", line: 7) }
        #expect(error.line == 7)
        #expect(error.location(file: "vimc.pipeline") == "vimc.pipeline:7:12")
        #expect(error.description == "7:12: expected '[' and the link flags (0 or 1) after the sink pad, found the end")
    }

    @Test func singlePad() throws {
        #expect(try PadSpecParser.parse(" \"Scaler\" : 1 ").entity == .name("Scaler"))
        #expect(try PadSpecParser.parse("21:1").index == 1)
        let error = #expect(throws: PipelineSpecError.self) { try PadSpecParser.parse("\"Scaler\":1 junk") }
        #expect(error?.column == 12)
    }
}
