import Foundation

/// Finds a SwiftPM resource bundle without `Bundle.module`, whose generated
/// accessor stops the process with `fatalError` when the bundle is missing (an
/// nnbook binary copied away from its build folder). Here a missing bundle is
/// just nil, for the caller to turn into a message.
///
/// A bundle `PACKAGE_TARGET.resources` sits beside the executable that was
/// built with it (and beside it after `scripts/install.sh`); the executable's
/// path is resolved through symlinks first, so a link in `~/bin` finds it too.
/// (Under XCTest on Linux the executable is the `.xctest` file, beside the
/// bundles as well. `Bundle.allBundles` is not asked: it leaks in Foundation.)
public enum ResourceBundle {
    /// The bundle's folder, or nil. `name` is `nnbook_NeuralCore.resources`, say.
    public static func folder(named name: String) -> URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.resolvingSymlinksInPath().deletingLastPathComponent())
            candidates.append(exe.deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        var isDirectory: ObjCBool = false
        for dir in candidates {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return url }
        }
        return nil
    }
}
