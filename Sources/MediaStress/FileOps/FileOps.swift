// FileOps: file operations held or raced across the unbind (`--file-op`): read, mmap,
// open, requests, mem2mem; the last references closed on threads of their own.
//
// May use: Target, Handles, Pin, Stream.
// Imports: CLinuxMedia, MediaController, SystemPackage.
