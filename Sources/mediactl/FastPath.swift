/// The invocations scripts run most — `list`, `info` and `topology` with `-d` and
/// `--format` (`topology` also `--from` and `--media-ctl-version`), and `--version` —
/// recognised without ArgumentParser, whose parse resolves the whole command tree through
/// runtime reflection first. Measured on a live vimc in the VM (Scripts/bench/live-gate,
/// Swift 6.3.1, release configuration, 2026-12-07): `topology --format media-ctl`
/// 1,642,867 instructions and 225 page faults with this, 14,907,417 and 303 through
/// ArgumentParser; `--version` 385,907 against 7,200,446 (Scripts/bench/RESULTS.md). Only exact, valid
/// spellings are taken here; anything else (help, a bad value, another option, an option
/// given twice, `--`) is left to ArgumentParser, so messages and behaviour are the same
/// either way (FastPathTests compares the two).
enum FastPath: Equatable {
    case version
    case list(format: OutputFormat)
    case info(device: String?, format: OutputFormat)
    case topology(device: String?, format: TopologyCommand.Format, from: String?, mediaCtl: MediaCtlVersion?)

    /// The invocation `arguments` (without the program name) spell, or nil to let
    /// ArgumentParser parse them.
    static func parse(_ arguments: [String]) -> FastPath? {
        if arguments == ["--version"] { return .version }
        guard let command = arguments.first, let options = Options(arguments.dropFirst()) else { return nil }
        let format = options.format ?? "text"
        // --media-ctl-version: a valid release with --format media-ctl; anything else is
        // ArgumentParser's to reject.
        let mediaCtl = options.mediaCtlVersion.flatMap(MediaCtlVersion.init(argument:))
        guard options.mediaCtlVersion == nil || (command == "topology" && format == "media-ctl" && mediaCtl != nil) else {
            return nil
        }
        switch command {
        case "list":
            guard options.device == nil, options.from == nil, let format = OutputFormat(rawValue: format) else { return nil }
            return .list(format: format)
        case "info":
            guard options.from == nil, let format = OutputFormat(rawValue: format) else { return nil }
            return .info(device: options.device, format: format)
        case "topology":
            guard let format = TopologyCommand.Format(rawValue: format) else { return nil }
            return .topology(device: options.device, format: format, from: options.from, mediaCtl: mediaCtl)
        default:
            return nil
        }
    }

    /// `-d V`, `--device V`, `--device=V`, `--format V`, `--format=V`, `--from V`,
    /// `--from=V`, `--media-ctl-version V`, `--media-ctl-version=V`, each at most once; nil
    /// for anything else. A value must not be empty or start with `-` (ArgumentParser would
    /// read it as an option), except `-` alone (standard input, a value to ArgumentParser too).
    struct Options {
        var device: String?
        var format: String?
        var from: String?
        var mediaCtlVersion: String?

        init?(_ arguments: ArraySlice<String>) {
            var index = arguments.startIndex
            while index < arguments.endIndex {
                var name = arguments[index]
                let value: String
                if let equals = name.firstIndex(of: "="), name.hasPrefix("--") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                    index += 1
                } else {
                    guard index + 1 < arguments.endIndex else { return nil }
                    value = arguments[index + 1]
                    index += 2
                }
                guard value == "-" || (!value.isEmpty && !value.hasPrefix("-")) else { return nil }
                if (name == "-d" || name == "--device") && device == nil {
                    device = value
                } else if name == "--format" && format == nil {
                    format = value
                } else if name == "--from" && from == nil {
                    from = value
                } else if name == "--media-ctl-version" && mediaCtlVersion == nil {
                    mediaCtlVersion = value
                } else {
                    return nil
                }
            }
        }
    }

    /// Runs the command, exactly as its `run()` does after ArgumentParser.
    func run() throws {
        switch self {
        case .version: print(mediactlVersion)
        case .list(let format): try ListCommand.list(format: format)
        case .info(let device, let format): try InfoCommand.info(device: device, format: format)
        case .topology(let device, let format, let from, let mediaCtl):
            try TopologyCommand.show(device: device, format: format, from: from, mediaCtl: mediaCtl)
        }
    }
}
