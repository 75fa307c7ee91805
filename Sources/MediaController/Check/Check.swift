// Check: the media-controller checks of v4l2-compliance, on a device or a recording, and
// their KTAP report.
//
// May use: Model, IO, Decode, Device, Discovery, Render.
// Imports: CLinuxMedia, KTAP, SystemPackage.
