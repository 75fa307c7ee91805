import Testing

@testable import MediaController

/// Pipeline files: one media-ctl spec a line, comments, blank lines, line numbers.
@Suite struct PipelineDescriptionTests {
    static let vimcFile = """
        # vimc: route Sensor B through Debayer B into the scaler
        "Debayer A":1 -> "Scaler":0 [0]   # off first: one enabled link per sink pad

        "Debayer B":1 -> "Scaler":0 [1], "RGB/YUV Input":0 -> "Scaler":0 [0]
        \t"Sensor B":0 [fmt:SRGGB8_1X8/640x480]
        "Scaler":1 [fmt:RGB888_1X24/1280x960]  # upscale
        """

    @Test func linesKeepTheirNumbersAndKinds() throws {
        let description = try PipelineDescription.parse(Self.vimcFile)
        #expect(description.lines.map(\.number) == [2, 4, 5, 6])
        guard case .links(let first) = description.lines[0].content else {
            Issue.record("line 2 is a link line")
            return
        }
        #expect(first.map(\.flags) == [0])
        #expect(first.first?.line == 2)
        guard case .links(let two) = description.lines[1].content, case .formats(let sensor) = description.lines[2].content
        else {
            Issue.record("line 4 has links, line 5 a format")
            return
        }
        #expect(two.count == 2)
        #expect(sensor.first?.busFormat?.code == 0x3014)
    }

    @Test func resolvesToStepsInFileOrder() throws {
        let graph = try #require(PipelineGraph(snapshot: try Fixtures.snapshot("vimc")))
        let steps = try graph.steps(try PipelineDescription.parse(Self.vimcFile))
        #expect(steps.map(\.line) == [2, 4, 4, 5, 6])
    }

    @Test func hashInsideAQuotedNameIsNotAComment() {
        #expect(PipelineDescription.withoutComment("\"cam #1\":0 -> 'b#':0 [1] # note") == "\"cam #1\":0 -> 'b#':0 [1] ")
        #expect(PipelineDescription.withoutComment("# only a comment") == "")
    }

    @Test func windowsLineEndings() throws {
        let description = try PipelineDescription.parse("8:1 -> 21:0 [1]\r\n\r\n21:0 [fmt:RGB888_1X24/640x480]\r\n")
        #expect(description.lines.map(\.number) == [1, 3])
    }

    @Test(arguments: [
        ("8:1 -> 21:0 [1]\n\"Scaler\":0 fmt:RGB888_1X24/640x480", 2, 12, "expected '->' (a link) or '[' (a format) after the pad, found 'f'"),
        ("# header\n8:1 -> 21:0 [1], 21:0 [fmt:RGB888_1X24/640x480]", 2, 23, "expected '->' after the source pad, found '['"),
        ("21:0 [fmt:RGB888_1X24/640x480]\n\n  8:1 -> [1]", 3, 10, "expected an entity: a name in quotes or an id, found '['"),
        ("\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:odd]", 1, 43, "unknown field order 'odd'"),
    ])
    func badLinesGiveLineAndColumn(text: String, line: Int, column: Int, message: String) {
        let error = #expect(throws: PipelineSpecError.self) { try PipelineDescription.parse(text) }
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message == message)
    }

    /// A line that parses but does not fit the device fails with its line too.
    @Test func unknownEntityOnALaterLine() throws {
        let graph = try #require(PipelineGraph(snapshot: try Fixtures.snapshot("vimc")))
        let description = try PipelineDescription.parse("8:1 -> 21:0 [1]\n\"Sensor C\":0 [fmt:SRGGB8_1X8/640x480]")
        let error = #expect(throws: PipelineSpecError.self) { try graph.steps(description) }
        #expect(error?.location(file: "cam.pipeline") == "cam.pipeline:2:1")
        #expect(error?.message == "no entity named \"Sensor C\"")
    }
}
