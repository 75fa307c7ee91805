// KernelLog: reading the kernel log (/dev/kmsg, or a log file in any of the forms people
// publish) and classifying the reports in it: KASAN, oopses, BUGs, WARNINGs, lockdep, hung
// tasks, UBSAN... each with a kind, the faulting function, frames and a signature; and
// kmemleak's listing of unreferenced objects (KmemleakReport). It knows nothing of media
// devices.
//
// May use: KTAP and swift-system; no other target of the project.
// Imports: KTAP, SystemPackage.
