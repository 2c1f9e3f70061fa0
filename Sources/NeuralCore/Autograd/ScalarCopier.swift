/// Copies scalar graphs node for node, so that a copy can be changed
/// (`backward`, training, `zero_grad`) while the original stays as it was —
/// how a lesson tries a learner's answer on a copy of the session.
///
/// Sharing is kept: a node reached twice, from two variables or twice within
/// one graph (`a` in `a*b + a`), is copied once, so the copies are shared the
/// same way. Each copy has the original's data, grad, op, label and local
/// derivatives, and a new `id`. One copier should serve one whole copy of a
/// session, so that sharing across variables is kept as well.
public final class ScalarCopier {
    private var copies: [ObjectIdentifier: Scalar] = [:]
    /// The originals, kept alive so that no `ObjectIdentifier` above is reused.
    private var originals: [Scalar] = []

    public init() {}

    /// The copy of `root` and of everything it was computed from.
    ///
    /// The walk is iterative (parents before children), so a chain a million
    /// nodes long costs no stack.
    public func copy(_ root: Scalar) -> Scalar {
        if let done = copies[ObjectIdentifier(root)] { return done }
        var stack: [(node: Scalar, parentsDone: Bool)] = [(root, false)]
        while let (node, parentsDone) = stack.popLast() {
            let key = ObjectIdentifier(node)
            if copies[key] != nil { continue }
            if parentsDone {
                let parents = node.parents.map { copies[ObjectIdentifier($0)] ?? $0 }
                copies[key] = Scalar(copyOf: node, parents: parents)
                originals.append(node)
            } else {
                stack.append((node, true))
                for p in node.parents where copies[ObjectIdentifier(p)] == nil { stack.append((p, false)) }
            }
        }
        return copies[ObjectIdentifier(root)] ?? root
    }
}

extension Scalar {
    /// A node like `original`, computed from `parents` (the copies of its parents).
    convenience init(copyOf original: Scalar, parents: [Scalar]) {
        self.init(original.data, op: original.op, parents: parents, local: original.localDerivatives)
        grad = original.grad
        label = original.label
    }
}

extension ScalarMLP {
    /// The same network with every parameter copied by `copier` (so a variable
    /// that names one of its parameters keeps naming the copy's).
    public func copy(with copier: ScalarCopier) -> ScalarMLP {
        ScalarMLP(sizes: sizes, layers: layers.map { layer in
            layer.map { Neuron(weights: $0.weights.map(copier.copy), bias: copier.copy($0.bias), relu: $0.relu) }
        })
    }
}
