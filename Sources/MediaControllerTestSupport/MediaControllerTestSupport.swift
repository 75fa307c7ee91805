// MediaControllerTestSupport: what the test targets share (not a product): the built
// binary run as a process, conditions on the machine (the VM lane, root), a fake enumerator,
// scratch files removed.
//
// May use: MediaController.
// Imports: MediaController, Subprocess, SystemPackage.
