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
        if !file.replacing { try refuseExisting([path, weightsPath], at: file.path.span, command: span) }
        guard try writeFile(.bytes(bytes), to: weightsFile, typed: weightsPath, command: span) else { return }
        do {
            guard try writeFile(.text(export.script), to: file, typed: path, command: span) else { return }
        } catch {
            if !file.replacing, case .write(let written, _)? = try? fileAccess.target(forWriting: weightsPath, replacing: true) {
                unlink(written)  // the weights were new: without their script they are no use
            }
            throw error
        }
        emit("saved the model (\(NumberFormat.grouped(box.model.parameterCount)) parameters) as a \(format.title) script, "
             + "\(path), with its weights in \(weightsPath)", .note)
    }

    /// Before anything is written: a file already there (typed at the prompt) stops both.
    private func refuseExisting(_ paths: [String], at span: SourceSpan, command: SourceSpan) throws(Diagnostic) {
        for typed in paths {
            guard case .write(let path, _)? = try? fileAccess.target(forWriting: typed, replacing: false),
                  FileManager.default.fileExists(atPath: path) else { continue }
            throw Diagnostic(.value, "\(typed) already exists; nothing was written", at: span,
                             hint: "save! replaces the script and its weights")
        }
    }

    /// The last part of a path: what the script calls itself and its weights.
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
