// Discovery: finding media devices and their nodes: udev and sysfs enumeration, devnum to
// devnode, the hotplug monitor, what `-d` names, and the processes that hold the nodes
// open (/proc, as fuser).
//
// May use: Model, IO, Decode, Device.
// Imports: CUdev, SystemPackage.
