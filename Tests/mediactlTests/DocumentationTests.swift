import ArgumentParser
import FoundationEssentials
import Testing

@testable import mediactl

/// Documentation/ is the command reference the README points to: every subcommand is
/// documented there as `mediactl NAME`, and every `mediactl` command line it shows (in code
/// blocks and code spans) names commands and options the parser has.
@Suite struct DocumentationTests {
    static let documentation = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Documentation").standardized.path

    /// Every Markdown page of Documentation/: its file name and text.
    static func pages() throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: documentation).filter { $0.hasSuffix(".md") }
        return try names.sorted().map { name in
            (name, String(decoding: try Data(contentsOf: URL(filePath: documentation + "/" + name)), as: UTF8.self))
        }
    }

    /// The full name of every subcommand under `command`, `stress unbind` for nested ones.
    static func commandNames(under command: any ParsableCommand.Type, prefix: String = "") -> [String] {
        command.configuration.subcommands.flatMap { subcommand in
            let name = prefix + subcommand._commandName
            return [name] + commandNames(under: subcommand, prefix: name + " ")
        }
    }

    /// Whether `text` has `phrase` as words: not followed by a letter, digit or dash.
    static func mentions(_ text: String, _ phrase: String) -> Bool {
        text.ranges(of: phrase).contains { range in
            text[range.upperBound...].first.map { !($0.isLetter || $0.isNumber || $0 == "-") } ?? true
        }
    }

    @Test func everySubcommandIsDocumented() throws {
        let names = Self.commandNames(under: Mediactl.self)
        #expect(names.contains("stress unbind") && names.contains("list"))
        let text = try Self.pages().map(\.text).joined(separator: "\n")
        let missing = names.filter { !Self.mentions(text, "mediactl " + $0) }
        #expect(missing.isEmpty, "not in Documentation/ as `mediactl NAME`: \(missing.joined(separator: ", "))")
    }

    @Test func mentionsNeedsTheWholeName() {
        #expect(Self.mentions("run `mediactl stress unbind -d vimc`", "mediactl stress unbind"))
        #expect(Self.mentions("ends with mediactl list", "mediactl list"))
        #expect(!Self.mentions("mediactl listing and mediactl list-all", "mediactl list"))
        #expect(!Self.mentions("mediactl stress sweep", "mediactl stress unbind"))
    }

    @Test func everyDocumentedCommandLineNamesRealCommandsAndOptions() throws {
        let tool = try DocumentedCommand.dumpedHelp()
        var checked = 0
        for page in try Self.pages() {
            for line in DocumentedCommand.commandLines(in: page.text) {
                checked += 1
                for problem in DocumentedCommand.problems(of: line, in: tool) {
                    Issue.record("\(page.name): \(problem) in `\(line)`")
                }
            }
        }
        #expect(checked > 30, "found only \(checked) mediactl command lines in Documentation/")
    }

    @Test func aMisspelledOptionOrCommandIsFound() throws {
        let tool = try DocumentedCommand.dumpedHelp()
        let lines = DocumentedCommand.commandLines(in: """
            Run `mediactl topology -d vimc --formats json` or
            ```
            $ mediactl stress unbind [--cycles N | --duraton S]
                [--hold KIND,...] -x
            mediactl topologie -d vimc
            mediactl link -d DEV '"A":1 -> "B":0 [1]' --reset | tee out   # --not-checked
            ```
            """)
        #expect(lines.count == 4)
        #expect(lines.map { DocumentedCommand.problems(of: $0, in: tool) } == [
            ["no option --duraton of mediactl stress unbind", "no option -x of mediactl stress unbind"],
            ["no command mediactl topologie"],
            [],
            ["no option --formats of mediactl topology"],
        ])
    }
}

/// A `mediactl` command line of the documentation checked against the parser's own
/// description of itself (`--experimental-dump-help`, as swift-argument-parser prints it).
enum DocumentedCommand {
    struct Command: Decodable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?

        struct Argument: Decodable {
            var names: [Name]?
        }
        struct Name: Decodable {
            var kind: String
            var name: String
        }

        /// `--long` and `-s` spellings of every option and flag.
        var optionSpellings: Set<String> {
            Set((arguments ?? []).flatMap { $0.names ?? [] }.map { ($0.kind == "short" ? "-" : "--") + $0.name })
        }
    }

    struct ToolInfo: Decodable {
        var command: Command
    }

    static func dumpedHelp() throws -> Command {
        var json = ""
        do {
            _ = try Mediactl.parseAsRoot(["--experimental-dump-help"])
        } catch {
            json = Mediactl.fullMessage(for: error)
        }
        return try JSONDecoder().decode(ToolInfo.self, from: Data(json.utf8)).command
    }

    /// Command lines starting with `mediactl `: in fenced code blocks (after an optional
    /// `$ `, with indented continuation lines joined) and in code spans of the prose.
    static func commandLines(in text: String) -> [String] {
        var lines: [String] = []
        var prose = ""
        var inBlock = false
        var continuing = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock.toggle()
                continuing = false
                continue
            }
            guard inBlock else {
                prose += line + "\n"
                continue
            }
            let trimmed = line.drop { $0 == " " }
            let command = trimmed.hasPrefix("$ ") ? trimmed.dropFirst(2) : trimmed
            if command.hasPrefix("mediactl ") {
                lines.append(String(command))
                continuing = true
            } else if continuing && line.hasPrefix(" ") && trimmed.hasPrefix("[") {
                lines[lines.count - 1] += " " + trimmed
            } else {
                continuing = false
            }
        }
        let spans = prose.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
        for span in spans.map(\.element) where span.hasPrefix("mediactl ") {
            lines.append(span.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return lines
    }

    /// Words as the shell splits them (quotes kept inside the word, which is then no option),
    /// up to a pipe, redirection or comment outside brackets.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var depth = 0
        for character in line + " " {
            if let open = quote {
                word.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                word.append(character)
            } else if character == " " {
                if word.isEmpty { continue }
                if depth == 0 && (["|", ">", "<", ";", "&&"].contains(word) || word.hasPrefix("#")) { return words }
                if !word.contains("'") && !word.contains("\"") {
                    depth += word.filter { $0 == "[" }.count - word.filter { $0 == "]" }.count
                }
                words.append(word)
                word = ""
            } else {
                word.append(character)
            }
        }
        return words
    }

    /// What does not exist: a subcommand word under a command that has subcommands, and
    /// every `--long` or `-s` option the command does not have.
    static func problems(of line: String, in root: Command) -> [String] {
        let words = words(line)
        var command = root
        var path = [root.commandName]
        var index = 1
        while index < words.count, let subcommand = command.subcommands?.first(where: { $0.commandName == words[index] }) {
            command = subcommand
            path.append(subcommand.commandName)
            index += 1
        }
        if index < words.count, !(command.subcommands ?? []).isEmpty, words[index].first?.isLowercase == true,
            words[index].allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" })
        {
            return ["no command \((path + [words[index]]).joined(separator: " "))"]
        }
        var problems: [String] = []
        let spellings = command.optionSpellings
        for word in words[index...] where !word.contains("'") && !word.contains("\"") {
            let option = String(word.drop { $0 == "[" || $0 == "(" }.prefix { !"]),=".contains($0) })
            let isLong = option.hasPrefix("--") && option.count > 2
            let isShort = option.count == 2 && option.hasPrefix("-") && option.last?.isLetter == true
            if (isLong || isShort) && !spellings.contains(option) {
                problems.append("no option \(option) of \(path.joined(separator: " "))")
            }
        }
        return problems
    }
}
