import NeuralCore

/// What a session remembers between cells, in parts that each own one kind of
/// memory and say what `:reset` does to it. `SessionState.reset` resets every
/// part; a new part must state its reset to be one (and `SessionFork` copies
/// each, since `SessionState`'s one initialiser takes them all).
protocol SessionPart {
    /// What `:reset` does to this part.
    mutating func reset()
}

/// The variables and functions: a slot per name, looked up once per name in
/// the syntax tree (`Interpreter.globalSlot`), so slots are never removed.
struct Variables: SessionPart {
    var slots: [String: Int] = [:]
    var values: [Value?] = []

    /// The slot of `name`, made (empty) when it has none.
    mutating func slot(_ name: String) -> Int {
        if let s = slots[name] { return s }
        values.append(nil)
        slots[name] = values.count - 1
        return values.count - 1
    }

    /// The value of `name`, nil when it is not set.
    func value(named name: String) -> Value? {
        guard let slot = slots[name], slot < values.count else { return nil }
        return values[slot]
    }

    var definedNames: [String] { slots.compactMap { values[$0.value] == nil ? nil : $0.key } }

    /// Every variable and function is forgotten (a builtin a definition hid
    /// comes back); the slots stay, empty, as the syntax tree points at them.
    mutating func reset() {
        for i in values.indices { values[i] = nil }
    }
}

/// The cells run so far: their count (`In [n]`), their text (`:history`,
/// `:save`) and their results (`Out[n]`).
struct CellHistory: SessionPart {
    var count = 0
    var inputs: [String] = []
    var results: [Int: Value] = [:]

    /// The results are forgotten; the count goes on and `:history` still lists every input.
    mutating func reset() {
        results = [:]
    }
}

/// What the last runs left for the commands that go on from them: `step`
/// (the last descent or neuron step), `plot descent` and `plot loss`.
struct LastRuns: SessionPart {
    var descent: DescentState?
    var step: LastStep?
    /// The last training run, a record per epoch (or per step of an mlp).
    var training: [EpochRecord] = []
    var trainingUnit = TrainingUnit.epoch

    /// All forgotten: `step`, `plot descent` and `plot loss` have nothing to go on.
    mutating func reset() {
        self = LastRuns()
    }
}

/// What one point of `plot loss` stands for: an epoch of a sequential
/// model's training, or a step of an mlp network's.
enum TrainingUnit: String {
    case epoch, step
}

/// The learner's settings kept with the session (`:precision`). The ones
/// that describe the terminal (`:plots`, `:limits`) are `SessionOptions`,
/// the lessons' language is the executable's.
struct Settings: SessionPart {
    var precision: Precision = .decimals(6)

    /// Kept: `:reset` forgets values, not how they are shown.
    mutating func reset() {}
}

/// Everything a session remembers between cells.
final class SessionState {
    var variables: Variables
    var cells: CellHistory
    var last: LastRuns
    var settings: Settings

    init(variables: Variables = Variables(), cells: CellHistory = CellHistory(), last: LastRuns = LastRuns(), settings: Settings = Settings()) {
        self.variables = variables
        self.cells = cells
        self.last = last
        self.settings = settings
    }

    /// `:reset`: each part as its `reset` says — every variable, function,
    /// result and last run forgotten; the cell count, inputs and settings kept.
    func reset() {
        variables.reset()
        cells.reset()
        last.reset()
        settings.reset()
    }
}
