// Stream: a capture stream held across the unbind (`--stream`).
//
// May use: Target, Handles.
// Imports: CLinuxMedia, MediaController, SystemPackage.
