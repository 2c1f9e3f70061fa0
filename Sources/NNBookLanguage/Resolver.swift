/// Where a name's value is found, settled before the code that reads it runs.
enum Binding {
    /// A parameter of the function being called: its position in `Interpreter.locals`.
    case local(Int)
    /// A session variable's slot in `SessionState.values`; while the slot is
    /// empty, the builtin of that name (if any) stands in, so `sigmoid = 3`
    /// hides the builtin and `:reset` brings it back.
    case global(Int, builtin: Builtin?)
    /// `Out`, the table of past results.
    case outputs
}

/// Settles every name of a piece of code before it runs (jlox's `Resolver`):
/// a function's parameters by position, everything else by its session slot.
/// The syntax tree is only read; what is found goes into the compiled
/// closures (`Interpreter.compile`), so running a cell leaves its tree as the
/// parser made it.
struct Resolver {
    /// The parameters in scope: a function body's, or none at the top level.
    let parameters: [String]
    let state: SessionState

    init(parameters: [String] = [], state: SessionState) {
        self.parameters = parameters
        self.state = state
    }

    func resolve(_ name: String) -> Binding {
        if let i = parameters.firstIndex(of: name) { return .local(i) }
        if name == "Out" { return .outputs }
        return .global(state.variables.slot(name), builtin: Builtins.table[name])
    }

    /// The same scope with one more local after the parameters: a list comprehension's variable.
    func adding(local name: String) -> Resolver { Resolver(parameters: parameters + [name], state: state) }

    /// The slot a top-level assignment or `for` stores into.
    func slot(_ name: String) -> Int { state.variables.slot(name) }
}
