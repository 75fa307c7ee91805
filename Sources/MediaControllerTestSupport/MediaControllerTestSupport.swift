// MediaControllerTestSupport: what the test targets share (not a product): the built
// binary run as a process, conditions on the machine (the VM lane, root), a fake enumerator.
//
// May use: MediaController.
// Imports: MediaController.
