// Recording: a device's raw ioctl answers saved as JSON and read back as a data source
// (`record`, `--from`).
//
// May use: Model, IO, Decode, Device, Discovery, Render.
// Imports: CLinuxMedia, SystemPackage.
