import ArgumentParser
import MediaController

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Enable or disable links (media-ctl -l), or disable every mutable link (--reset, media-ctl -r).",
        discussion: """
            LINKS is media-ctl's -l syntax: PAD -> PAD [FLAGS], comma-separated, where PAD is \
            "Entity name":N or ID:N and FLAGS is 1 (enable) or 0 (disable). An immutable link \
            keeps its IMMUTABLE bit and cannot be disabled. Every link is checked before the \
            first is set; if setting one fails, the links are put back as they were.

            Prints each requested link as read back afterwards, with its state before, and any \
            other link the driver changed.

            Exit codes: 0 done; 1 a link read back differently than set; 2 bad LINKS (the \
            column is shown) no such device, or another program holds the device (a lock on its media node, as libcamera takes) \
            or streams on it (a video node of it open, its buffer queue busy; --force goes on); 4 the device refused.
            """)

    @OptionGroup var options: DeviceOptions

    @OptionGroup var streaming: StreamingOptions

    @Flag(name: [.customShort("r"), .long], help: "First disable every enabled link that is not immutable.")
    var reset = false

    @Argument(help: ArgumentHelp("Links to set, e.g. '\"Debayer B\":1 -> \"Scaler\":0 [1]'.", valueName: "links"))
    var links: String?

    func validate() throws {
        if links == nil && !reset {
            throw ValidationError("give the links to set (e.g. '\"Debayer B\":1 -> \"Scaler\":0 [1]') or --reset")
        }
    }

    func run() throws {
        let specs = try links.map { text in try parsingSpec { () throws(PipelineSpecError) in try LinkSpecParser.parse(text) } }
        try withPipelineSession("link", options, force: streaming.force) { session in
            let linkSteps = try parsingSpec { () throws(PipelineSpecError) in try session.graph.steps(links: specs ?? []) }
            let steps = (reset ? session.graph.resetSteps : []) + linkSteps
            guard !steps.isEmpty else {
                writeStandardOutput("no link to reset: every enabled link is immutable\n")
                return
            }
            try runPipelineSteps(steps, on: session)
        }
    }
}
