import Glibc

/// Scratch files of the tests, removed in-process: synchronous, so a `defer` or a `deinit`
/// can call it, where running `rm` (an async process run) cannot go.
public enum FileTree {
    /// Removes `path` and everything below it, like `rm -rf`: a symbolic link is removed,
    /// not followed; a missing path is no error.
    public static func remove(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) {
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(directory)
            for name in names { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// A new empty directory `/tmp/mediactl-NAME-XXXXXX` (mkdtemp), nil when none could be made.
    public static func temporaryDirectory(_ name: String) -> String? {
        var template = Array("/tmp/mediactl-\(name)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
    }
}
