import ArgumentParser
import FoundationEssentials
import MediaController

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a device's raw ioctl answers as JSON, to replay with `topology --from` (bug reports, tests).")

    @OptionGroup var device: DeviceOptions

    @Option(name: [.short, .long], help: "Write to this file instead of standard output ('-': standard output).")
    var output: String?

    @Option(help: "A note stored in the recording (how and where it was made).")
    var note: String = ""

    func run() throws {
        let path = try device.resolve()
        let recording = try MediaRecorder().record(
            try MediaDevice(path: path), devnodes: defaultDevnodeResolver(), subdevs: LiveSubdevSource(), note: note)
        let json = try JSONRenderer().renderValue(recording)
        if let output {
            try writeFile(output, json)
        } else {
            print(json, terminator: "")
        }
    }
}

/// Loads a recording written by `mediactl record`.
func loadRecording(_ path: String) throws -> MediaRecording {
    let data: Data
    do {
        data = Data(try TextFile.readBytes(path))
    } catch {
        throw CommandFailure(message: "cannot read recording \(path): \(error)", exitCode: ExitStatus.usage)
    }
    do {
        return try JSONDecoder().decode(MediaRecording.self, from: data)
    } catch {
        throw CommandFailure(message: "\(path) is not a mediactl recording: \(error)", exitCode: ExitStatus.usage)
    }
}
