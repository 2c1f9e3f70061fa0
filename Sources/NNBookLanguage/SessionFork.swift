import NeuralCore

extension Session {
    /// An independent copy of this session: the same variables, functions,
    /// past results, settings and last descent, step and training run, so that
    /// running a cell in the copy leaves this session exactly as it was.
    ///
    /// A lesson tries a learner's answer on a fork, keeps the fork when the
    /// answer is right, and keeps one fork per cell so `:back` can return to
    /// the state before it. Models, neurons, networks and autograd values are
    /// copied deeply, with their sharing kept: `m2 = model` still names one
    /// model in the copy, and a variable naming a network's parameter still
    /// names that parameter. Cost: one copy of every array (copy-on-write
    /// makes unchanged vectors and data sets free) and of every autograd graph.
    /// The callbacks (`isCancelled`, `liveOutput`, `trainingProgress`, `richOutput`) are shared,
    /// and the copy keeps the file access.
    public func fork() -> Session {
        let copier = ForkCopier()
        let copy = Session(options: options, interpreter: Interpreter(state: copier.copy(interpreter.state)))
        copy.isCancelled = isCancelled
        copy.liveOutput = liveOutput
        copy.trainingProgress = trainingProgress
        copy.richOutput = richOutput
        copy.fileAccess = fileAccess
        return copy
    }
}

/// Copies a session's state value by value, keeping which values share an
/// object (one memo per kind of object).
final class ForkCopier {
    private let scalars = ScalarCopier()
    private var models: [ObjectIdentifier: ModelBox] = [:]
    private var networks: [ObjectIdentifier: MLPBox] = [:]
    private var neurons: [ObjectIdentifier: NeuronBox] = [:]
    private var functions: [ObjectIdentifier: UserFunction] = [:]
    /// The originals, alive for as long as their identifiers are memo keys.
    private var originals: [AnyObject] = []

    /// Each part of the state, copied (`SessionState.init` asks for every part).
    func copy(_ s: SessionState) -> SessionState {
        SessionState(variables: copy(s.variables), cells: copy(s.cells), last: copy(s.last), settings: s.settings)
    }

    private func copy(_ v: Variables) -> Variables {
        Variables(slots: v.slots, values: v.values.map { $0.map(copy) })
    }

    private func copy(_ h: CellHistory) -> CellHistory {
        CellHistory(count: h.count, inputs: h.inputs, results: h.results.mapValues(copy))
    }

    private func copy(_ last: LastRuns) -> LastRuns {
        var c = last
        c.descent = last.descent.map { d in
            var d = d
            d.function = copy(d.function)
            return d
        }
        c.step = last.step.map { step in
            switch step {
            case .descent: return .descent
            case .neuron(let box, let inputs, let target, let rate, let count):
                return .neuron(copy(box), inputs: inputs, target: target, rate: rate, count: count)
            case .network(let box, let inputs, let targets, let rate, let count, let exact):
                return .network(copy(box), inputs: inputs, targets: targets, rate: rate, count: count, exact: exact)
            }
        }
        return c
    }

    func copy(_ v: Value) -> Value {
        switch v {
        case .number, .bool, .string, .array, .range, .layer, .dataset, .data, .outputs, .none: return v
        case .function(let f): return .function(copy(f))
        case .model(let box): return .model(copy(box))
        case .modelLayers(let box): return .modelLayers(copy(box))
        case .modelLayer(let box, let i): return .modelLayer(copy(box), i)
        case .neuron(let box): return .neuron(copy(box))
        case .scalar(let s): return .scalar(scalars.copy(s))
        case .mlp(let box): return .mlp(copy(box))
        }
    }

    func copy(_ f: FunctionValue) -> FunctionValue {
        guard case .user(let u) = f.base else { return f }
        return FunctionValue(base: .user(copy(u)), order: f.order)
    }

    /// A user function of the copy's own: its compiled bodies use the
    /// original session's slots, the copy compiles against its own.
    private func copy(_ u: UserFunction) -> UserFunction {
        memo(u, &functions) { UserFunction(name: u.name, parameters: u.parameters, body: u.body) }
    }

    private func copy(_ box: ModelBox) -> ModelBox { memo(box, &models) { ModelBox(box.model) } }
    private func copy(_ box: NeuronBox) -> NeuronBox { memo(box, &neurons) { NeuronBox(box.neuron) } }

    private func copy(_ box: MLPBox) -> MLPBox {
        memo(box, &networks) {
            let c = MLPBox(box.net.copy(with: scalars))
            c.steps = box.steps
            return c
        }
    }

    private func memo<T: AnyObject>(_ original: T, _ table: inout [ObjectIdentifier: T], _ make: () -> T) -> T {
        if let done = table[ObjectIdentifier(original)] { return done }
        let made = make()
        table[ObjectIdentifier(original)] = made
        originals.append(original)
        return made
    }
}

extension Session {
    /// Takes on the variables and functions of `other` that this session does
    /// not have — as copies, so the two stay independent — and counts cells on
    /// from the larger of the two counts. A lesson's session absorbs the REPL's
    /// when the learner comes back from `:lesson`, so nothing of theirs is lost.
    public func absorb(_ other: Session) {
        let copier = ForkCopier()
        let theirs = other.interpreter.state
        for (name, slot) in theirs.variables.slots where name != "_" && slot < theirs.variables.values.count {
            guard let v = theirs.variables.values[slot], value(named: name) == nil else { continue }
            let slot = interpreter.state.variables.slot(name)
            interpreter.state.variables.values[slot] = copier.copy(v)
        }
        interpreter.state.cells.count = max(interpreter.state.cells.count, theirs.cells.count)
    }
}
