// Decode: the kernel's raw structures (G_TOPOLOGY arrays, ENUM_* answers, subdev pad
// states) to Model values. Pure: it reads bytes, issues nothing.
//
// May use: Model, IO.
// Imports: CLinuxMedia.
