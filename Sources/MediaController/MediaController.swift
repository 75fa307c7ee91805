// MediaController: the library: everything a program needs to use Linux media devices,
// through libudev and the real MEDIA_IOC_* ioctls. Its folders are layers, bottom first:
// Model and IO; Decode; Device; Discovery and Render; the features Check, Pipeline,
// Recording and Validate (ArchitectureTests holds the order; each folder's file of its own
// name says what it is for).
//
// May use: the C shims, KTAP and swift-system; no other target of the project.
// Imports: CLinuxMedia, CUdev, FoundationEssentials, KTAP, SystemPackage.
