// Pipeline: link and format specs in media-ctl's syntax, parsed, planned, applied and
// verified (`link`, `format`, `apply`).
//
// May use: Model, IO, Decode, Device, Discovery, Render.
// Imports: CLinuxMedia, SystemPackage.
