import ArgumentParser
import MediaController

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that linked pads agree, as the kernel validates a pipeline at STREAMON.",
        discussion: """
            Compares the formats at both ends of every enabled data link (or of the links in \
            the pipelines the kernel builds from the named ENTITY's pads) by the rule the \
            kernel applies at STREAMON: for a subdev sink v4l2_subdev_link_validate_default \
            (media bus code, width, height, and field unless the sink's is none; a \
            colorspace difference is a warning), for a vimc capture node \
            vimc_vdev_link_validate (size, the pixel format vimc maps the code to, field, \
            colorimetry). Each mismatch is one line: the link, what differs, both formats. \
            For every capture node it says what STREAMON returns: the kernel's pipeline (every \
            pad reached through enabled links) validated in the kernel's order, MUST_CONNECT \
            pads (ENOLINK), and vimc's walk to a sensor (EPIPE). Rules validate does not \
            model are listed in the output. Read-only: nothing is set, no buffer allocated.

            ENTITY is an entity name, a unique prefix of one, or a device node (/dev/video0).

            Exit codes: 0 every checked link agrees and no capture node would fail; 1 a \
            mismatch, or a capture node whose STREAMON would fail; 2 no such device, an \
            unknown or ambiguous ENTITY, or no enabled data link in scope; 4 the device \
            could not be read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text, json or ktap.")
    var format: Format = .text

    @Argument(help: "Validate only the pipelines through these entities (name, prefix or /dev/videoN).")
    var entities: [String] = []

    func run() throws {
        let device = try MediaDevice(path: try options.resolve())
        let input = try ValidationInput.read(device, devnodes: defaultDevnodeResolver())
        let report: ValidationReport
        do {
            report = try PipelineValidator.validate(input, entities: entities)
        } catch {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.usage)
        }
        switch format {
        case .text: writeStandardOutput(ValidationReportRenderer().text(report))
        case .ktap: writeStandardOutput(ValidationReportRenderer().ktap(report))
        case .json: writeStandardOutput(try JSONRenderer().renderValue(report))
        }
        if report.exitCode != 0 { throw CommandFailure(message: "", exitCode: report.exitCode) }
    }
}
