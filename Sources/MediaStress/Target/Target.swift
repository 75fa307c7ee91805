// Target: the device under test: its bound device and driver (identity by bus info,
// never /dev/mediaN), its node kinds and nodes, bind and unbind through sysfs, the waits
// for nodes to go and come back, facts about the machine.
//
// May use: no other folder of MediaStress.
// Imports: CLinuxMedia, CZlib, MediaController, SystemPackage.
