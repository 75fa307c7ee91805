// Discovery: finding media devices and their nodes: udev and sysfs enumeration, devnum to
// devnode, the hotplug monitor, what `-d` names.
//
// May use: Model, IO, Decode, Device.
// Imports: CUdev, SystemPackage.
