import Foundation

/// One number in a computation graph, remembering how it was made so that
/// `backward()` can send gradients back to everything it came from — the
/// `Value` of Andrej Karpathy's micrograd, in Swift.
///
///     let a = Scalar(-4, label: "a"), b = Scalar(2, label: "b")
///     let c = a * b + b.pow(3)      // c.data == 0
///     c.backward()                  // a.grad == 2 (= b), b.grad == 8 (= a + 3b²)
///
/// Every operator computes its result *and*, right beside it, the local
/// derivative of the result with respect to each operand (`∂out/∂operand`).
/// `backward()` then applies the chain rule edge by edge:
///
///     operand.grad += localDerivative · out.grad
///
/// The `+=` matters: a node used twice (like `a` in `a*b + a`) receives one
/// contribution per use, and its gradient is their sum.
///
/// Local derivatives are evaluated once, at the point where the forward value
/// was computed; changing `data` afterwards does not re-run the graph.
///
/// Operators never throw, because Swift operators cannot. They follow IEEE
/// arithmetic instead: `x / 0` is ±inf and `0 / 0` is nan. Callers that show
/// results to a learner check `data.isFinite` and report. `log` is the one
/// function that throws, since the log of a number ≤ 0 is never meaningful.
// unchecked: `grad` (and the label) change during backward; a graph is built and
// used by one thread at a time, the one running its session's cell.
public final class Scalar: Hashable, @unchecked Sendable {
    /// The value computed by the forward pass.
    public var data: Double
    /// ∂root/∂self after `root.backward()`; 0 until then.
    public var grad: Double = 0
    /// The operation that produced this node (`.leaf` for an input or parameter).
    public let op: ScalarOp
    /// The operands of `op`, in order (`[a, b]` for `a - b`); empty for a leaf.
    /// (Settable only by `deinit`, which empties it; see there.)
    public private(set) var parents: [Scalar]
    /// `∂self/∂parents[i]`, computed with the forward value.
    public let localDerivatives: [Double]
    /// Unique within the process and increasing in creation order (not
    /// consecutive: the same counter marks sorting passes): a stable way to name nodes.
    public let id: Int
    /// A name to show in graphs and explanations (the language sets variable names).
    public var label: String?
    /// The last `topologicalOrder()` pass that reached this node. (So two
    /// threads must not sort the same graph at once — nor may they run
    /// `backward()` on it, which writes `grad`.)
    private var visitMark = 0

    /// A leaf: an input, a constant or a trainable parameter.
    public init(_ data: Double, label: String? = nil) {
        self.data = data
        self.op = .leaf
        self.parents = []
        self.localDerivatives = []
        self.label = label
        self.id = ScalarCounter.shared.next()
    }

    /// A node computed by `op` from `parents`, with `∂data/∂parents[i]` in `local[i]`.
    init(_ data: Double, op: ScalarOp, parents: [Scalar], local: [Double]) {
        self.data = data
        self.op = op
        self.parents = parents
        self.localDerivatives = local
        self.id = ScalarCounter.shared.next()
    }

    /// Frees a long chain of nodes one at a time. Left to itself Swift would
    /// release `parents`, whose `deinit` releases theirs, and so on — one stack
    /// frame per link, which overflows for a chain a million nodes long (easy
    /// to build in a loop). Instead the nodes only this one holds are taken
    /// apart here, in a loop.
    deinit {
        var pending = parents
        parents = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.parents)
                node.parents = []
            }
        }
    }

    /// The heap bytes one node made by an operation of two operands takes:
    /// the object (112 with malloc's rounding) and its two lists of two
    /// (64 each). A leaf's lists are empty, so it takes 112; a chain of
    /// `c = c + value(1)` measures 176 a node with mallinfo2. Used to charge
    /// graphs to the memory limit.
    public static let nodeBytes = 240

    /// Nodes are equal only to themselves: two nodes holding 2.0 are still two nodes.
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    // MARK: Operators — forward value and local derivatives side by side

    /// a + b; ∂/∂a = 1, ∂/∂b = 1.
    public static func + (a: Scalar, b: Scalar) -> Scalar {
        Scalar(a.data + b.data, op: .add, parents: [a, b], local: [1, 1])
    }

    /// a − b; ∂/∂a = 1, ∂/∂b = −1.
    public static func - (a: Scalar, b: Scalar) -> Scalar {
        Scalar(a.data - b.data, op: .subtract, parents: [a, b], local: [1, -1])
    }

    /// a · b; ∂/∂a = b, ∂/∂b = a.
    public static func * (a: Scalar, b: Scalar) -> Scalar {
        Scalar(a.data * b.data, op: .multiply, parents: [a, b], local: [b.data, a.data])
    }

    /// a / b (= a · b⁻¹); ∂/∂a = 1/b, ∂/∂b = −a/b². Dividing by 0 gives ±inf or nan.
    public static func / (a: Scalar, b: Scalar) -> Scalar {
        Scalar(a.data / b.data, op: .divide, parents: [a, b],
               local: [1 / b.data, -a.data / (b.data * b.data)])
    }

    /// −a; ∂/∂a = −1.
    public static prefix func - (a: Scalar) -> Scalar {
        Scalar(-a.data, op: .negate, parents: [a], local: [-1])
    }

    /// aⁿ for a constant exponent n; ∂/∂a = n · aⁿ⁻¹.
    public func pow(_ exponent: Double) -> Scalar {
        Scalar(Foundation.pow(data, exponent), op: .power(exponent), parents: [self],
               local: [exponent * Foundation.pow(data, exponent - 1)])
    }

    /// f(a) for an activation f; ∂/∂a = f′(a). Both come from the
    /// activation's registry entry (`ActivationDescriptor`), so the value and
    /// the derivative the graph uses are the ones a layer uses.
    public func applying(_ f: Activation) -> Scalar {
        let entry = f.descriptor
        return Scalar(entry.value(data), op: .activation(f), parents: [self], local: [entry.derivative(data)])
    }

    /// max(0, a); ∂/∂a = 1 where a > 0, else 0 (0 at the kink, as micrograd).
    public func relu() -> Scalar { applying(.relu) }

    /// tanh a; ∂/∂a = 1 − tanh²a.
    public func tanh() -> Scalar { applying(.tanh) }

    /// σ(a) = 1/(1 + e⁻ᵃ); ∂/∂a = σ(a)(1 − σ(a)).
    public func sigmoid() -> Scalar { applying(.sigmoid) }

    /// eᵃ; ∂/∂a = eᵃ, the result itself.
    public func exp() -> Scalar {
        let e = Foundation.exp(data)
        return Scalar(e, op: .exp, parents: [self], local: [e])
    }

    /// ln a; ∂/∂a = 1/a. Throws for a ≤ 0 (or nan), where the log is undefined.
    public func log() throws -> Scalar {
        guard data > 0 else {
            throw NeuralError.invalidArgument("log needs a positive number, got \(data)")
        }
        return Scalar(Foundation.log(data), op: .log, parents: [self], local: [1 / data])
    }

    // MARK: Mixed with plain numbers: the number becomes a leaf, as in micrograd

    public static func + (a: Scalar, b: Double) -> Scalar { a + Scalar(b) }
    public static func + (a: Double, b: Scalar) -> Scalar { Scalar(a) + b }
    public static func - (a: Scalar, b: Double) -> Scalar { a - Scalar(b) }
    public static func - (a: Double, b: Scalar) -> Scalar { Scalar(a) - b }
    public static func * (a: Scalar, b: Double) -> Scalar { a * Scalar(b) }
    public static func * (a: Double, b: Scalar) -> Scalar { Scalar(a) * b }
    public static func / (a: Scalar, b: Double) -> Scalar { a / Scalar(b) }
    public static func / (a: Double, b: Scalar) -> Scalar { Scalar(a) / b }

    /// `c += c + 1` means `c = c + (c + 1)`: a *new* node, as in Python —
    /// the old `c` stays in the graph as an operand.
    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    public static func += (a: inout Scalar, b: Double) { a = a + b }

    // MARK: Backward

    /// Every node `self` depends on, each after all of its parents, ending with `self`.
    ///
    /// A depth-first search that appends a node once all its parents are in —
    /// micrograd's `build_topo`, written with an explicit stack so a graph
    /// thousands of nodes deep cannot overflow the call stack.
    public func topologicalOrder() -> [Scalar] {
        // A fresh token marks the nodes seen in this sort; cheaper than a Set
        // of identities, which matters for a 50,000-node training graph.
        let pass = ScalarCounter.shared.next()
        var order: [Scalar] = []
        // (node, index of the next parent to visit)
        var stack: [(node: Scalar, next: Int)] = [(self, 0)]
        visitMark = pass
        while let (node, next) = stack.last {
            if next < node.parents.count {
                stack[stack.count - 1].next += 1
                let parent = node.parents[next]
                if parent.visitMark != pass {
                    parent.visitMark = pass
                    stack.append((parent, 0))
                }
            } else {
                order.append(node)
                stack.removeLast()
            }
        }
        return order
    }

    /// Fills in `grad` for every node upstream of `self`: ∂self/∂node.
    ///
    /// Sets `self.grad = 1` (∂self/∂self), then walks the topological order
    /// backwards so each node's gradient is complete before it is passed on,
    /// adding `local · grad` to each parent.
    ///
    /// Leaves (inputs and parameters) accumulate across calls, as in PyTorch:
    /// calling `backward()` twice without `zeroGrad()` doubles their
    /// gradients. Intermediate nodes start each pass from 0, so what flows
    /// through them is this pass's gradient only. (micrograd keeps the old
    /// intermediate gradients too, so its second pass adds more than the first.)
    public func backward() {
        let order = topologicalOrder()
        for node in order where !node.parents.isEmpty { node.grad = 0 }
        grad = 1
        for node in order.reversed() {
            for i in node.parents.indices {
                node.parents[i].grad += node.localDerivatives[i] * node.grad
            }
        }
    }

    /// Sets `grad` to 0 on `self` and every node upstream of it.
    public func zeroGrad() {
        for node in topologicalOrder() { node.grad = 0 }
    }

    /// The chain-rule steps `backward()` performs, in the order it performs
    /// them, without touching any `grad`.
    ///
    /// The steps are replayed on private copies of the gradients, starting from
    /// zero everywhere and 1 at `self` — that is, they describe one fresh
    /// backward pass. So right after `zeroGrad()` + `backward()` (or a first
    /// `backward()` on a new graph) each node's last `totalAfter` equals its
    /// `grad`; after two un-zeroed passes the leaves' gradients are twice these.
    public func backwardSteps() -> [BackwardStep] {
        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Double] = [ObjectIdentifier(self): 1]
        var steps: [BackwardStep] = []
        for node in order.reversed() {
            let upstream = grads[ObjectIdentifier(node), default: 0]
            for (index, (parent, local)) in zip(node.parents, node.localDerivatives).enumerated() {
                let contribution = local * upstream
                let total = grads[ObjectIdentifier(parent), default: 0] + contribution
                grads[ObjectIdentifier(parent)] = total
                steps.append(BackwardStep(
                    node: parent, child: node, operand: index, op: node.op,
                    localDerivative: local, upstream: upstream,
                    contribution: contribution, totalAfter: total))
            }
        }
        return steps
    }
}

/// One application of the chain rule during `backward()`: `node.grad += localDerivative · upstream`.
public struct BackwardStep: Sendable {
    /// The operand receiving gradient.
    public let node: Scalar
    /// The result it was an operand of.
    public let child: Scalar
    /// Which operand of `child` this is (0 for `a` in `a * b`, 1 for `b`).
    public let operand: Int
    /// `child.op`, the operation whose derivative is taken.
    public let op: ScalarOp
    /// ∂child/∂node.
    public let localDerivative: Double
    /// ∂root/∂child, the child's complete gradient.
    public let upstream: Double
    /// localDerivative · upstream: what this path adds to ∂root/∂node.
    public let contribution: Double
    /// ∂root/∂node summed over the paths seen so far, this one included.
    public let totalAfter: Double
}

/// How a `Scalar` was made.
public enum ScalarOp: Equatable, Sendable {
    case leaf, add, subtract, multiply, divide, power(Double), negate
    /// An activation, `a.relu()`: its forward and backward are its registry entry's.
    case activation(Activation)
    case exp, log

    /// A short name for graphs: `+`, `*`, `^2`, `relu`, …; empty for a leaf.
    public var symbol: String {
        switch self {
        case .leaf: return ""
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .power(let n):
            return n == n.rounded() && Swift.abs(n) < 1e15 ? "^\(Int64(n))" : "^\(n)"
        case .negate: return "neg"
        case .activation(let f): return f.rawValue
        case .exp: return "exp"
        case .log: return "log"
        }
    }
}

/// Hands out `Scalar.id`s in creation order, safely from any thread.
// unchecked: `value` is read and written under `lock`.
final class ScalarCounter: @unchecked Sendable {
    static let shared = ScalarCounter()
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
