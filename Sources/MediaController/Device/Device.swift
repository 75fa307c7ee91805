// Device: every ioctl of the library is issued here: MediaDevice, SubdevNode, VideoNode,
// requests, and the data-source seam (MediaDataSource) that recordings stand in for.
//
// May use: Model, IO, Decode.
// Imports: CLinuxMedia, SystemPackage.
