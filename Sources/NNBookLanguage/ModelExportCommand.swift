import Foundation
import NeuralCore

/// `save model to "m.py" as keras|pytorch`: a Python script that rebuilds the
/// model in that framework, and its weights in `m.npz` beside it
/// (NeuralCore's `ModelExport` and `NPZ`). Both files follow save's rules: an
/// existing one is kept unless `save!`, a notebook writes only new files in its
/// own folder, and neither is written unless both can be.
extension Interpreter {
    func export(_ vExpr: Expr, to file: OutputFile, as format: ExportFormat, span: SourceSpan) throws(Diagnostic) {
        let box = try model(vExpr)
        let path = try filePath(file.path, example: "save model to \"model.py\" as \(format.rawValue)")
        try SaveCommand.checkScriptName(path, format, at: file.path.span)
        let weightsPath = String(path.dropLast(3)) + ".npz"
        let weightsFile = OutputFile(path: .string(weightsPath, file.path.span), replacing: file.replacing)
        // The archive holds each weight in 4 bytes, once in the arrays and once in the file's bytes.
        try Coerce.reserve(box.model.parameterCount * 8 + 4096, for: "the model's weights file", at: span)
        let export = ModelExport(model: box.model, format: format, optimizer: box.keras?.optimizer ?? .adam,
                                 loss: box.keras?.loss ?? box.model.resolvedLoss(nil), compiled: box.keras != nil,
                                 scriptName: Self.fileName(path), weightsName: Self.fileName(weightsPath))
        let bytes: [UInt8]
        do { bytes = try export.weightsFile() } catch { throw Coerce.diagnostic(error, at: span) }
        try refuseExisting([path, weightsPath], replacing: file.replacing, at: file.path.span)
        // Where the weights go (in a notebook, its folder), and whether a file is there now: new weights
        // whose script then fails to be written are taken away again, as they are no use alone.
        var newWeights: String?
        if case .write(let target, _)? = try? fileAccess.target(forWriting: weightsPath, replacing: true),
           !FileManager.default.fileExists(atPath: target) { newWeights = target }
        guard try writeFile(.bytes(bytes), to: weightsFile, typed: weightsPath, command: span) else { return }
        do {
            guard try writeFile(.text(export.script), to: file, typed: path, command: span) else { return }
        } catch {
            if let newWeights { unlink(newWeights) }
            throw error
        }
        emit("saved the model (\(NumberFormat.grouped(box.model.parameterCount)) parameters) as a \(format.title) script, "
             + "\(path), with its weights in \(weightsPath)", .note)
    }

    /// Before anything is written: each file must be one the session may write
    /// (a notebook's refusal, as `writeFile` words it), and, without `save!`, not there yet.
    private func refuseExisting(_ paths: [String], replacing: Bool, at span: SourceSpan) throws(Diagnostic) {
        for typed in paths {
            let target: FileAccess.WriteTarget
            do { target = try fileAccess.target(forWriting: typed, replacing: replacing) } catch {
                throw Diagnostic(.value, error.description, at: span, hint: error.hint)
            }
            guard !replacing, case .write(let path, _) = target, FileManager.default.fileExists(atPath: path) else { continue }
            throw Diagnostic(.value, "\(typed) already exists; nothing was written", at: span,
                             hint: "save! replaces the script and its weights")
        }
    }

    /// The last part of a path: what the script calls itself and its weights.
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
