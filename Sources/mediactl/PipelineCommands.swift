import ArgumentParser
import MediaController
import SystemPackage

/// The commands that configure or check a pipeline (link, apply, format, check, validate).
let pipelineCommands: [any ParsableCommand.Type] = [
    LinkCommand.self, FormatCommand.self, RouteCommand.self, ApplyCommand.self, CheckCommand.self, ValidateCommand.self,
]

/// A spec that does not parse or fit the device: the message with its position on one
/// line, a caret under the offending character on the next, exit 2.
func specFailure(_ error: PipelineSpecError, file: String? = nil) -> CommandFailure {
    let (line, caret) = error.diagnostic(file: file, indent: "mediactl: ".count)
    return CommandFailure(message: line + "\n" + caret, exitCode: ExitStatus.usage)
}

/// Parses or resolves a spec, turning its error into the CLI's.
func parsingSpec<Value>(file: String? = nil, _ body: () throws(PipelineSpecError) -> Value) throws -> Value {
    do {
        return try body()
    } catch {
        throw specFailure(error, file: file)
    }
}

/// `--force` of the commands that change a pipeline.
struct StreamingOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Change links and formats even while another program streams on the device "
            + "(a video node of it held open, its buffer queue busy)."))
    var force = false
}

/// Opens the device read-write (as media-ctl does for -l, -r, -V), checks that it is a
/// media device, reads its graph and runs `body` holding the media node's lock, libcamera's convention for exclusive use:
/// a device another program holds (a camera application) is refused, exit 2, and no
/// other program can take it while this one changes links and formats. So is one that
/// another program streams on (`OtherStreamers`), unless `force`. A TRY session
/// (`which` `.try`) changes nothing another program sees, checks neither and takes no lock.
func withPipelineSession<Result>(
    _ command: String, _ options: DeviceOptions, which: SubdevWhich = .active, force: Bool = false,
    _ body: (PipelineSession) throws -> Result
) throws -> Result {
    let path = try options.resolve()
    let device = try MediaDevice(path: path, mode: .readWrite)
    // A node that is no media device is refused before anything is locked.
    _ = try device.deviceInfo()
    if which == .active {
        // Other users are refused before the lock and before any change.
        let streamers = try device.checkOtherUsers(command, devnodes: defaultDevnodeResolver(), force: force)
        if !streamers.isEmpty { printError("mediactl: " + streamers.forcedNotice(command)) }
    }
    let lock = which == .active ? try MediaNodeLock(path: path) : nil
    return try withExtendedLifetime(lock) {
        try body(try PipelineSession(device: device, devnodes: defaultDevnodeResolver(), which: which))
    }
}

/// Applies steps, prints what changed, and maps the outcome to an exit status: 4 (or 2)
/// when a call failed (links restored first), 1 when something read back differently.
func runPipelineSteps(_ steps: [PipelineStep], on session: PipelineSession, file: String? = nil) throws {
    let renderer = PipelineRunRenderer(showLines: file != nil)
    let run: PipelineRun
    do {
        run = try PipelineApplier(session: session).run(steps)
    } catch {
        writeStandardOutput(renderer.render(error, graph: session.graph))
        let location = [file, error.step?.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        var message = (location.isEmpty ? "" : location + ": ") + error.error.description
        if let restoreError = error.restoreError {
            message += "; restoring the links failed too: \(restoreError)"
        } else if !error.restoredLinks.isEmpty {
            message += "; the links were restored to their state before"
        }
        throw CommandFailure(message: message, exitCode: ExitStatus.code(for: error.error))
    }
    writeStandardOutput(renderer.render(run))
    if !run.mismatches.isEmpty {
        throw CommandFailure(
            message: "\(run.mismatches.count) value\(run.mismatches.count == 1 ? "" : "s") read back differently than set",
            exitCode: 1)
    }
}
