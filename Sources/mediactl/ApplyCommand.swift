import ArgumentParser
import MediaController
import SystemPackage

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Configure a pipeline from a file of media-ctl specs (links and formats), then verify it.",
        discussion: """
            FILE has one media-ctl spec a line: links in -l syntax ("Debayer B":1 -> \
            "Scaler":0 [1]) or formats in -V syntax ("Scaler":0 [fmt:RGB888_1X24/640x480]); \
            # starts a comment. Every line is checked before anything is set, then the lines \
            are applied in order and the device is read back. If a line fails, its number is \
            reported and the links are put back as they were (formats are not).

            --dry-run checks the file and the device exactly as apply does (every line \
            resolved against the graph, the device's lock), reads the links and pad formats, \
            prints each line that would change something (a link's flags, a pad's \
            fmt/crop/compose/interval, from -> to), and changes nothing. Formats are shown as \
            requested: the driver may adjust them, and apply also copies a source pad's \
            format to the subdev sink pads it is linked to. `mediactl topology --format apply` \
            writes a device's current links and formats as such a file.

            Exit codes: 0 applied and verified (--dry-run: checked, whatever would change); 1 something read back differently than set; \
            2 a bad line (FILE:LINE:COLUMN is shown) no such device, or another program holds the device (a lock on its media node, as libcamera takes) \
            or streams on it (a video node of it open, its buffer queue busy; --force goes on); 4 the device refused.
            """)

    @OptionGroup var options: DeviceOptions

    @OptionGroup var streaming: StreamingOptions

    @Flag(help: "Check the file, print what applying it would change, and change nothing.")
    var dryRun = false

    @Argument(help: ArgumentHelp("The pipeline file ('-' for standard input).", valueName: "file"))
    var file: String

    func run() throws {
        let text = try readPipelineFile(file)
        let description = try parsingSpec(file: file) { () throws(PipelineSpecError) in try PipelineDescription.parse(text) }
        try withPipelineSession("apply", options, force: streaming.force) { session in
            let steps = try parsingSpec(file: file) { () throws(PipelineSpecError) in try session.graph.steps(description) }
            guard !steps.isEmpty else {
                writeStandardOutput("nothing to apply: \(file) has no spec\n")
                return
            }
            if dryRun {
                writeStandardOutput(try session.plan(steps).render())
                return
            }
            try runPipelineSteps(steps, on: session, file: file)
        }
    }
}

/// The whole file as text; `-` reads standard input.
func readPipelineFile(_ path: String) throws -> String {
    do {
        return try TextFile.read(path)
    } catch {
        throw CommandFailure(message: "cannot read \(path): \(error)", exitCode: ExitStatus.usage)
    }
}
