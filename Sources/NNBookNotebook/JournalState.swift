import Foundation
import NNBookLanguage

/// The variables a cell may have changed, with their journal digests, read
/// from the session right after the cell ran.
///
/// Which variables, from the cell's code (`CodeOutline`), without running it
/// again and without fingerprinting the whole session after every cell:
///
/// - every name it assigns or defines (`x = …`, `v[0] = …`, `f(x) = …`, a loop variable);
/// - every variable holding a *reference* — a model (or its layers), a neuron,
///   an mlp, an autograd value — when the cell runs any command or mentions a
///   reference or a function: `train m` changes `m` and every name for the same
///   model; `step` changes the last neuron or network stepped, which it does not name;
///   `backward L` and `L.backward()` fill the gradients of every value upstream
///   of `L`; a function may call `.backward()`. Numbers, vectors, strings and
///   data sets change only by assignment.
/// - after a meta-command (`:reset`, `:precision`), every variable (`complete`).
///
/// Functions are recorded by presence only (sampling one could run a loop):
/// replaying the same definition gives the same function, and what it reads
/// is recorded under its own name.
public struct JournalState: Sendable, Equatable {
    public var fingerprints: [String: Fingerprint]
    /// True when `fingerprints` lists every variable of the session.
    public var complete: Bool

    public init(fingerprints: [String: Fingerprint] = [:], complete: Bool = false) {
        self.fingerprints = fingerprints
        self.complete = complete
    }

    /// What `source`, just run in `session`, may have changed.
    public static func after(_ source: String, in session: Session) -> JournalState {
        let defined = Set(session.variableNames)
        guard let outline = CodeOutline(source) else {
            // A meta-command: it may have cleared or changed anything, so record everything.
            // Code that does not parse ran nothing.
            let isMeta = source.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(":")
            return isMeta ? of(defined, in: session, complete: true) : JournalState()
        }
        var names = outline.assigned.intersection(defined)
        let references = defined.filter { session.value(named: $0).map(isReference) ?? false }
        let mentionsCode = outline.names.contains { name in
            session.value(named: name).map { isReference($0) || isFunction($0) } ?? false
        }
        if !outline.commands.isEmpty || mentionsCode { names.formUnion(references) }
        return of(names, in: session, complete: false)
    }

    /// The digests of `names` in `session`.
    public static func of(_ names: some Sequence<String>, in session: Session, complete: Bool) -> JournalState {
        var out: [String: Fingerprint] = [:]
        for name in names where name != "_" {
            guard let value = session.value(named: name) else { continue }
            out[name] = digest(of: value, in: session)
        }
        return JournalState(fingerprints: out, complete: complete)
    }

    /// A value's journal digest; a function by presence only.
    public static func digest(of value: Value, in session: Session) -> Fingerprint {
        if isFunction(value) { return .composite(kind: "function", parts: []) }
        return session.fingerprint(of: value).journalDigest
    }

    static func isReference(_ value: Value) -> Bool {
        switch value {
        case .model, .modelLayers, .modelLayer, .neuron, .scalar, .mlp: return true
        case .number, .bool, .string, .array, .function, .range, .layer, .dataset, .data, .outputs, .none: return false
        }
    }

    static func isFunction(_ value: Value) -> Bool {
        if case .function = value { return true }
        return false
    }
}
