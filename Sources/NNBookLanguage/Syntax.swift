/// A name in the syntax tree. A value, like the rest of the tree: what a name
/// refers to is settled by the `Resolver` before a cell runs and kept in the
/// compiled code, never written into the tree.
struct Name: Sendable, Equatable {
    let text: String
    init(_ text: String) { self.text = text }
}

enum UnaryOp: String, Sendable { case negate = "-", plus = "+", not = "not" }

enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "^"
    /// NumPy's matrix product `A @ x`, the same as `dot(A, x)`.
    case matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "and", or = "or"
    /// Python's membership: `2 in [1, 2, 3]`, `x not in range(5)`, `"ab" in "abc"`.
    case contains = "in", notContains = "not in"

    /// Python's precedence, higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains, .notContains: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .floorDivide, .modulo, .matmul: return 6
        case .power: return 8
        }
    }
}

/// An argument in a call: positional, or named (`input: 784`).
struct Argument: Sendable {
    var label: String?
    var value: Expr
    var labelSpan: SourceSpan?
    init(label: String?, value: Expr, labelSpan: SourceSpan? = nil) {
        self.label = label
        self.value = value
        self.labelSpan = labelSpan
    }
}

/// One axis of NumPy's subscript `m[0, 1:3, ::-1]`.
enum SubscriptPart: Sendable {
    case index(Expr)
    /// `start:stop:step`, each part optional.
    case slice(Expr?, Expr?, Expr?)

    /// Its expressions, in the order written.
    var expressions: [Expr] {
        switch self {
        case .index(let e): return [e]
        case .slice(let a, let b, let c): return [a, b, c].compactMap { $0 }
        }
    }
}

/// An expression. Every case carries the span of its text for error messages.
indirect enum Expr: Sendable {
    case number(Double, SourceSpan)
    case string(String, SourceSpan)
    case bool(Bool, SourceSpan)
    case name(Name, SourceSpan)
    case list([Expr], SourceSpan)
    case unary(UnaryOp, Expr, SourceSpan)
    case binary(BinaryOp, Expr, Expr, SourceSpan)
    case call(Expr, [Argument], SourceSpan)
    /// `f'`, `sigmoid''`: the derivative of a function, as a function.
    case prime(Expr, order: Int, SourceSpan)
    case index(Expr, Expr, SourceSpan)
    /// NumPy's slices and several axes: `v[0:2]`, `m[0, :]`, `v[::-1]` (one plain index stays `.index`).
    case subscripted(Expr, [SubscriptPart], SourceSpan)
    case attribute(Expr, String, SourceSpan)
    /// Python's `a if condition else b`: `condition` decides which one is worked out.
    case conditional(Expr, condition: Expr, otherwise: Expr, SourceSpan)
    /// Python's list comprehension `[x^2 for x in range(5) if x != 2]`; `x`
    /// is the comprehension's own, as in Python 3 (it does not leak out).
    case comprehension(Expr, variable: Name, iterable: Expr, condition: Expr?, SourceSpan)
    /// A value standing in for a sub-expression (how `explain` shows a part
    /// that has been worked out, step by step).
    case literal(Value, SourceSpan)

    /// The same expression, credited with a wider span (its parentheses).
    func withSpan(_ s: SourceSpan) -> Expr {
        switch self {
        case .number(let v, _): return .number(v, s)
        case .string(let v, _): return .string(v, s)
        case .bool(let v, _): return .bool(v, s)
        case .name(let n, _): return .name(n, s)
        case .list(let items, _): return .list(items, s)
        case .unary(let op, let u, _): return .unary(op, u, s)
        case .binary(let op, let a, let b, _): return .binary(op, a, b, s)
        case .call(let f, let args, _): return .call(f, args, s)
        case .prime(let f, let order, _): return .prime(f, order: order, s)
        case .index(let a, let i, _): return .index(a, i, s)
        case .subscripted(let a, let parts, _): return .subscripted(a, parts, s)
        case .attribute(let a, let field, _): return .attribute(a, field, s)
        case .conditional(let a, let c, let b, _): return .conditional(a, condition: c, otherwise: b, s)
        case .comprehension(let e, let v, let i, let c, _): return .comprehension(e, variable: v, iterable: i, condition: c, s)
        case .literal(let v, _): return .literal(v, s)
        }
    }

    var span: SourceSpan {
        switch self {
        case .number(_, let s), .string(_, let s), .bool(_, let s), .name(_, let s), .list(_, let s),
             .unary(_, _, let s), .binary(_, _, _, let s), .call(_, _, let s), .prime(_, _, let s),
             .index(_, _, let s), .attribute(_, _, let s), .literal(_, let s), .conditional(_, _, _, let s),
             .comprehension(_, _, _, _, let s), .subscripted(_, _, let s):
            return s
        }
    }
}

/// Where an assignment stores its value.
enum AssignTarget: Sendable {
    case name(Name, SourceSpan)
    case index(Name, Expr, SourceSpan)
    /// `net.layers[0].weights = …`: an attribute of what the expression names.
    case attribute(Expr, String, SourceSpan)
    /// Python's unpacking, `a, b = 1, 2` or `(x_train, y_train), (x_test, y_test) = digits()`: one target per part.
    case unpack([AssignTarget], SourceSpan)
}

/// A statement: one line, or a block with its indented body.
indirect enum Stmt: Sendable {
    case expression(Expr)
    /// `x = e`, `x += e` (op is the arithmetic of an augmented assignment).
    case assign(AssignTarget, BinaryOp?, Expr, SourceSpan)
    /// `f(x) = e`, `g(x, y) = e`.
    case define(name: String, parameters: [String], body: Expr, SourceSpan)
    case forLoop(Name, Expr, [Stmt], SourceSpan)
    case whileLoop(Expr, [Stmt], SourceSpan)
    case ifElse([(Expr, [Stmt])], [Stmt]?, SourceSpan)
    case breakLoop(SourceSpan)
    case continueLoop(SourceSpan)
    case pass(SourceSpan)
    /// `assert CONDITION` or `assert CONDITION, MESSAGE`.
    case assertion(Expr, message: Expr?, SourceSpan)
    case command(Command, SourceSpan)
    case meta(MetaCommand, SourceSpan)
}

/// The file a command writes: its name's expression, and whether the
/// command was written with `!` (`save! m to "m.json"`: replace a file
/// already there).
struct OutputFile: Sendable {
    var path: Expr
    var replacing: Bool
}

/// What `plot` draws.
enum PlotTarget: Sendable {
    /// `plot f, g from A to B`
    case functions([Expr], from: Expr, to: Expr)
    /// `plot descent`: the last descent's path on its function.
    case descent
    /// `plot loss`: the last training run's loss and accuracy per epoch.
    case loss
    /// `plot boundary model on data`: decision regions with the points over them.
    case boundary(model: Expr, data: Expr)
}

/// One `name value` option of `train`.
struct TrainOption: Sendable {
    enum Value: Sendable { case expression(Expr), word(String) }
    var name: String
    var value: Value
    var span: SourceSpan
}
