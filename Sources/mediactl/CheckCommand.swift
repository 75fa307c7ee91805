import ArgumentParser
import MediaController
import SystemPackage

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a media device the way v4l2-compliance's media tests do (text, KTAP or JSON).",
        discussion: """
            Checks DEVICE_INFO, the G_TOPOLOGY graph (ids, names, functions, interfaces and \
            their device nodes, pads, links and flags), its agreement with ENUM_ENTITIES and \
            ENUM_LINKS, SETUP_LINK's refusals (sent only with a link's own flags or flags the \
            kernel must refuse), the request API where the driver has it, and 100 \
            simultaneous opens. A driver without request support skips those checks.

            Exit codes: 0 every check passed or was skipped; 1 a check failed; 2 no such \
            device; 4 the device could not be read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ktap, json }

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text, ktap or json.")
    var format: Format = .text

    func run() throws {
        let device = try MediaDevice(path: try options.resolve(), mode: .readWrite)
        let report = try MediaChecker.check(device, devnodes: defaultDevnodeResolver())
        switch format {
        case .text: writeStandardOutput(CheckReportRenderer().text(report))
        case .ktap: writeStandardOutput(CheckReportRenderer().ktap(report))
        case .json: writeStandardOutput(try JSONRenderer().renderValue(report))
        }
        if report.exitCode != 0 { throw CommandFailure(message: "", exitCode: report.exitCode) }
    }
}
