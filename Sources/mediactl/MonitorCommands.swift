import ArgumentParser

/// The commands that watch devices come and go.
let monitorCommands: [any ParsableCommand.Type] = [WatchCommand.self]
