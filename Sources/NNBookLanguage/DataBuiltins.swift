import Foundation
import NeuralCore

/// Builtins that read data or models: digits, mnist, load_csv, the 2-D sets, load.
/// These are the only builtins that read files, only the file named, and
/// only where the session's `FileAccess` allows.
enum DataBuiltins {
    static func digits(_ c: CallContext) throws(Diagnostic) -> Value {
        do { return .dataset(try Datasets.digits()) } catch { throw Coerce.diagnostic(error, at: c.span) }
    }

    static func path(_ c: CallContext, _ i: Int) throws(Diagnostic) -> String {
        guard case .string(let p) = c.args[i] else {
            throw Diagnostic(.type, "expected a file or folder name in quotes", at: c.spans[i])
        }
        return try c.interpreter.readablePath(p, at: c.spans[i])
    }

    static func mnist(_ c: CallContext) throws(Diagnostic) -> Value {
        let folder = try path(c, 0)
        if c.interpreter.fileAccess.isGuest, case .string(let typed) = c.args[0] {  // a link out among its files
            for name in Datasets.mnistFileNames { _ = try c.interpreter.readablePath(typed + "/" + name, at: c.spans[0]) }
        }
        do { return .dataset(try Datasets.mnist(folder: folder)) } catch { throw Coerce.diagnostic(error, at: c.spans[0]) }
    }

    static func csv(_ c: CallContext) throws(Diagnostic) -> Value {
        let file = try path(c, 0)
        guard let l = c.named["label"], case .string(let label) = l.value else {
            throw Diagnostic(.value, "load_csv needs the name of the label column", at: c.span,
                             hint: "load_csv(\"file.csv\", label: \"species\")")
        }
        do { return .data(try Datasets.csv(path: file, label: label)) } catch { throw Coerce.diagnostic(error, at: c.spans[0]) }
    }

    static func describe(_ kind: TwoDKind) -> String {
        switch kind {
        case .circle: return "points inside a circle against a ring around it"
        case .xor: return "the four quadrants, opposite corners alike"
        case .gauss: return "two Gaussian blobs"
        case .spiral: return "two interleaved spirals"
        case .moons: return "two interleaving half-moons"
        }
    }

    static func twoD(_ kind: TwoDKind, _ c: CallContext) throws(Diagnostic) -> Value {
        var count = 200, noise = 0.1
        var seed: UInt64 = 42
        for (label, arg) in c.named {
            switch label {
            case "size":
                count = try Coerce.integer(arg.value, at: arg.span)
                guard (10...1_000_000).contains(count) else {
                    throw Diagnostic(.value, "size must be between 10 and 1,000,000 points, got \(NumberFormat.grouped(count))", at: arg.span)
                }
            case "noise":
                noise = try Coerce.number(arg.value, at: arg.span)
                guard (0...1).contains(noise) else {
                    throw Diagnostic(.value, "noise must be between 0 and 1, got \(NumberFormat.format(noise))", at: arg.span, hint: "0.1 is a little, 0.5 a lot")
                }
            case "seed":
                let s = try Coerce.integer(arg.value, at: arg.span)
                guard s >= 0 else { throw Diagnostic(.value, "the seed must be 0 or more", at: arg.span) }
                seed = UInt64(s)
            default:
                throw Diagnostic(.name, "\(kind.rawValue) has no parameter '\(label)'", at: arg.span, hint: "\(kind.rawValue)(size: 200, noise: 0.1, seed: 42)")
            }
        }
        do { return .dataset(try Datasets.twoDimensional(kind, count: count, noise: noise, seed: seed)) } catch {
            throw Coerce.diagnostic(error, at: c.span)
        }
    }

    static func loadModel(_ c: CallContext) throws(Diagnostic) -> Value {
        let file = try path(c, 0)
        // The file's size is checked before it is read, and the parse's needs before it runs.
        do { try WorkGuard.reserveFile(file, expansion: 1, for: "reading \(file)") } catch { throw Coerce.diagnostic(error, at: c.spans[0]) }
        let read: Data?
        do { read = try WorkGuard.contents(ofFile: file) } catch { throw Coerce.diagnostic(error, at: c.spans[0]) }
        guard let data = read else {
            throw Diagnostic(.value, "cannot read \(file): \(FileManager.default.fileExists(atPath: file) ? "it is not a readable file" : "no such file")", at: c.spans[0])
        }
        let limit = c.interpreter.parameterLimit
        do {
            // An .onnx file is ONNX, unless an nnbook from before ONNX wrote its JSON under that name.
            guard ModelFileFormat(path: file) == .onnx, data.first != UInt8(ascii: "{") else {
                return .model(ModelBox(try SequentialModel(jsonData: data, parameterLimit: limit)))
            }
            let read = try SequentialModel.readONNX(data, parameterLimit: limit)
            for note in read.notes { c.interpreter.emit(note, .note) }
            return .model(ModelBox(read.model, notes: read.leftOut))
        } catch {
            throw Coerce.diagnostic(error, at: c.spans[0])
        }
    }
}
