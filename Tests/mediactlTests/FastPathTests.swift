import ArgumentParser
import Testing

@testable import mediactl

/// The common invocations parsed without ArgumentParser must mean exactly what
/// ArgumentParser makes of them, and everything else must be left to it.
@Suite struct FastPathTests {
    static let accepted: [[String]] = [
        ["list"], ["list", "--format", "json"], ["list", "--format=text"],
        ["info"], ["info", "-d", "vimc"], ["info", "--device", "platform:vivid-063", "--format", "json"],
        ["info", "--format=json", "--device=/dev/media1"],
        ["topology"], ["topology", "-d", "/dev/media0", "--format", "media-ctl"], ["topology", "--format", "dot", "-d", "3"],
        ["topology", "--device=/sys/devices/platform/vimc.0", "--format=json"], ["topology", "-d", "vimc", "--format", "text"], ["topology", "-d", "vimc", "--format", "apply"],
        ["topology", "--format", "media-ctl", "--from", "vimc.recording.json"], ["topology", "--from=r.json", "-d", "vimc"],
        ["topology", "--from", "-", "--format", "media-ctl"], ["topology", "--from=-"],
        ["topology", "--format", "media-ctl", "--media-ctl-version", "1.26"], ["topology", "--media-ctl-version=1.30.1", "--format=media-ctl", "-d", "vimc"],
    ]

    @Test(arguments: accepted)
    func meansWhatArgumentParserMakesOfIt(arguments: [String]) throws {
        let fast = try #require(FastPath.parse(arguments))
        let parsed = try Mediactl.parseAsRoot(arguments)
        switch fast {
        case .list(let format):
            let command = try #require(parsed as? ListCommand)
            #expect(command.format == format)
        case .info(let device, let format):
            let command = try #require(parsed as? InfoCommand)
            #expect(command.options.device == device)
            #expect(command.format == format)
        case .topology(let device, let format, let from, let mediaCtl):
            let command = try #require(parsed as? TopologyCommand)
            #expect(command.mediaCtl.version == mediaCtl)
            #expect(command.options.device == device)
            #expect(command.format == format)
            #expect(command.from == from)
            #expect(command.entity == nil)
        case .version:
            Issue.record("not a version request")
        }
    }

    @Test func versionIsWhatArgumentParserPrints() {
        #expect(FastPath.parse(["--version"]) == .version)
        do {
            _ = try Mediactl.parseAsRoot(["--version"])
            Issue.record("--version did not exit")
        } catch {
            #expect(Mediactl.exitCode(for: error) == .success)
            #expect(Mediactl.fullMessage(for: error) == mediactlVersion)
        }
    }

    static let leftToArgumentParser: [[String]] = [
        [], ["--help"], ["-h"], ["help"], ["list", "-h"], ["topology", "--help"], ["list", "--version"],
        ["topology", "-d"], ["topology", "-d", "-x"], ["topology", "-d", ""], ["topology", "--device="],
        ["topology", "-d", "a", "-d", "b"], ["topology", "-d", "a", "--device", "b"], ["topology", "--format", "yaml"],
        ["topology", "--from", "a.json", "--from", "b.json"], ["topology", "--from"], ["list", "--from", "r.json"],
        ["info", "--from", "r.json"], ["topology", "-d=vimc"], ["topology", "-dvimc"], ["topology", "vimc"],
        ["topology", "--", "-d", "vimc"], ["list", "-d", "vimc"], ["list", "--format", "dot"], ["info", "--format", "media-ctl"],
        ["record", "-d", "vimc"], ["watch"], ["stress", "unbind", "-d", "vimc"], ["--version", "list"], ["Topology"],
        ["topology", "-e", "Scaler"], ["topology", "-d", "vimc", "--entity", "Scaler", "--format", "media-ctl"],
        ["topology", "--entity=Scaler"], ["entity", "Scaler"], ["entity", "-d", "vimc", "Scaler", "--format", "json"],
        ["topology", "--format", "media-ctl", "--media-ctl-version", "1.99"], ["topology", "--media-ctl-version", "1.30"],
        ["topology", "--format", "json", "--media-ctl-version", "1.30"], ["list", "--media-ctl-version", "1.30"],
        ["topology", "--format", "media-ctl", "--media-ctl-version", "1.30", "--media-ctl-version", "1.32"],
        ["topology", "--format", "media-ctl", "--media-ctl-version"], ["topology", "--format", "media-ctl", "--media-ctl-version="],
    ]

    @Test(arguments: leftToArgumentParser)
    func everythingElseIsLeftToArgumentParser(arguments: [String]) {
        #expect(FastPath.parse(arguments) == nil)
    }
}
