// Model: plain values of media devices: topology (entities, pads, links, interfaces), device
// info, pad formats, bus and pixel format names, addresses, flags. Sendable, Codable,
// Equatable; no descriptors, no I/O, no rendering.
//
// May use: no other folder of MediaController.
// Imports: nothing but the standard library.
