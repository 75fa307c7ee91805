import ArgumentParser

/// The commands that configure a pipeline (link, apply, format, check).
let pipelineCommands: [any ParsableCommand.Type] = []
