import MediaControllerTestSupport
import Testing

/// `BuiltBinary.shellQuoted` makes one shell word of any text (the scripts' tests pass
/// paths and environment values through it).
struct ShellQuotingTests {
    /// What `sh` hands to printf is the text itself. "a'\u{301}b" holds a quote that
    /// Swift sees inside one Character (quote + combining acute accent) and `sh` sees as a
    /// quote.
    @Test(arguments: ["plain", "", "two  words", "it's", "''", "'a'b'", #"$HOME `id` \n "x" *"#, "a'\u{301}b", "'\u{301}"])
    func theShellPassesTheTextOnUnchanged(_ text: String) async {
        let result = await BuiltBinary.runProgram("/usr/bin/printf", ["%s", text])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(Array(result.stdout.unicodeScalars) == Array(text.unicodeScalars))
    }

    /// POSIX single quotes: a quote inside is closed, escaped and reopened.
    @Test func aQuoteIsClosedEscapedAndReopened() {
        #expect(BuiltBinary.shellQuoted("it's") == #"'it'\''s'"#)
        #expect(BuiltBinary.shellQuoted("") == "''")
    }
}
