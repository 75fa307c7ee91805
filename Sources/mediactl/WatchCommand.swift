import ArgumentParser
import MediaController
import SystemPackage

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print device add, remove and change events as they happen, until SIGINT or SIGTERM.",
        discussion: """
            Each line: action, subsystem, device node (or sysfs path), major:minor, the \
            driver of the parent device, the bus info of media devices that can still be \
            read, and udev's sequence number. With --format json, one JSON object a line. \
            Events come from udevd; where it does not run (no /run/udev/control), straight \
            from the kernel, which stderr says. Exits 0 when interrupted.
            """)

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case auto, udev, kernel
    }

    @Option(help: "Output format: text or json (JSON lines).")
    var format: OutputFormat = .text

    @Option(help: "Comma-separated subsystems to watch.")
    var subsystem: String = "media,video4linux"

    @Option(help: "Event source: auto (udev where udevd runs, else kernel), udev or kernel.")
    var source: Source = .auto

    func validate() throws {
        do {
            _ = try parseSubsystemList(subsystem)
        } catch {
            throw ValidationError(error.detail ?? error.description)
        }
    }

    func run() throws {
        let subsystems = try parseSubsystemList(subsystem)
        let eventSource: DeviceEventSource
        switch source {
        case .udev: eventSource = .udev
        case .kernel: eventSource = .kernel
        case .auto:
            eventSource = DeviceEventSource.preferred()
            if eventSource == .kernel {
                printError("mediactl: no udevd (/run/udev/control is missing): watching kernel uevents instead")
            }
        }
        let stop = try StopSignals()
        let monitor = try UdevMonitor(source: eventSource, subsystems: subsystems)
        printError("mediactl: watching \(subsystems.joined(separator: ",")) (\(eventSource.rawValue) events); Ctrl-C stops")
        let renderer = DeviceEventRenderer()
        while case .event(let event) = try monitor.next(stop: stop.fileDescriptor) {
            let line = format == .json ? try renderer.jsonLine(event) : renderer.text(event)
            do {
                _ = try FileDescriptor.standardOutput.writeAll(line.utf8)
            } catch Errno.brokenPipe {
                return  // the reader went away (`| head`): a normal end
            } catch {
                throw CommandFailure(message: "cannot write to standard output: \(error)", exitCode: ExitStatus.system)
            }
        }
    }
}
