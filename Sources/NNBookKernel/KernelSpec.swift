import Foundation
import NeuralCore

/// The kernelspec `nnbook kernel install` writes, `kernels/nnbook/kernel.json`
/// and its logo, in the folder `jupyter kernelspec list` reads for each place.
public enum KernelSpec {
    /// Where to install, as `jupyter kernelspec install` and ipykernel name them.
    public enum Place: Sendable, Equatable {
        /// The user's Jupyter data folder (`JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`, `~/Library/Jupyter` on macOS).
        case user
        /// `DIR/share/jupyter`.
        case prefix(String)
        /// Python's `sys.prefix`, given by the caller: `sys.prefix/share/jupyter`.
        case sysPrefix(String)
    }

    /// The folder holding `kernel.json`, e.g. `~/.local/share/jupyter/kernels/nnbook`.
    public static func folder(_ place: Place, environment: [String: String], home: String) -> String {
        let data: String
        switch place {
        case .user:
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { data = dir }
            else {
                #if os(macOS)
                data = home + "/Library/Jupyter"
                #else
                let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
                data = xdg + "/jupyter"
                #endif
            }
        case .prefix(let dir), .sysPrefix(let dir): data = dir + "/share/jupyter"
        }
        return data + "/kernels/" + KernelInfo.kernelName
    }

    /// kernel.json: this binary's absolute path in `argv`, interrupts as messages.
    public static func json(binary: String) -> JSON {
        [
            "argv": [.string(binary), "kernel", "-f", "{connection_file}"],
            "display_name": .string(KernelInfo.displayName),
            "language": .string(KernelInfo.language),
            "interrupt_mode": "message",
            "metadata": [:],
        ]
    }

    /// Writes kernel.json and the logo into `folder`; returns what was written, or says what failed.
    public static func install(into folder: String, binary: String) throws(KernelError) -> [String] {
        let fm = FileManager.default
        let jsonPath = folder + "/kernel.json"
        var written = [jsonPath]
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try json(binary: binary).encoded().write(to: URL(fileURLWithPath: jsonPath))
            if let logo = ResourceBundle.folder(named: "nnbook_NNBookKernel.resources")?.appendingPathComponent("logo-64x64.png"),
               fm.fileExists(atPath: logo.path) {
                let target = folder + "/logo-64x64.png"
                try? fm.removeItem(atPath: target)
                try fm.copyItem(atPath: logo.path, toPath: target)
                written.append(target)
            }
        } catch {
            throw .install("cannot write the kernelspec in \(folder): \(error.localizedDescription)")
        }
        return written
    }

    /// Removes the kernelspec folder; false when there was none.
    public static func uninstall(from folder: String) throws(KernelError) -> Bool {
        guard FileManager.default.fileExists(atPath: folder + "/kernel.json") else { return false }
        do { try FileManager.default.removeItem(atPath: folder) } catch {
            throw .install("cannot remove \(folder): \(error.localizedDescription)")
        }
        return true
    }
}
