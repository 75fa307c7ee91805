// Validate: whether linked pads agree, as the kernel's pipeline start would say
// (`validate`), with its text, JSON and KTAP.
//
// May use: Model, IO, Decode, Device, Discovery, Render.
// Imports: CLinuxMedia, KTAP.
