/// A batch's features and labels, sized once, and the training step on them.
/// A class so that `touched` is stored to memory the compiler cannot see
/// the end of, which keeps the loads that feed it.
final class BatchBuffer {
    private(set) var x: [Float]
    private(set) var y: [Int32]
    /// Folds in one byte of every cache line `load` touched, so the compiler
    /// must keep those loads. Its value means nothing.
    private var touched: UInt8 = 0

    init(rows: Int, features: Int) {
        x = [Float](repeating: 0, count: rows * features)
        y = [Int32](repeating: 0, count: rows)
    }

    /// Loads the examples at `indices` and takes one training step on them.
    /// Returns `nil`, without touching the weights, when the loss is not finite.
    func step(
        _ work: Workspace, data: Dataset, indices: ArraySlice<Int>, loss: Loss, optimizer: OptimizerState
    ) -> BatchScore? {
        load(data, indices: indices)
        let rows = indices.count
        return x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys -> BatchScore? in
                guard let input = xs.baseAddress, let labels = ys.baseAddress else { return nil }
                work.forward(input, rows: rows, training: true)
                let score = work.score(loss, labels: labels, rows: rows, gradient: true)
                guard score.lossSum.isFinite else { return nil }
                work.backward(rows: rows)
                optimizer.stepClearingGradient(w: work.weights, g: work.gradients, out: work.previousWeights)
                work.gradientsAreZero = true
                work.swapWeights()
                return score
            }
        }
    }

    /// Writes the examples at `indices` into `x` and `y`, as `Dataset.batch`
    /// does (which it calls for Float32 features).
    ///
    /// Byte images get a gather of their own. A shuffled batch reads rows from
    /// all over the 47 MB of MNIST bytes, so nearly every row misses the
    /// caches and the TLB; converting row after row, the CPU waits for each
    /// row in turn (at batch 128 that wait was ~10 % of the whole step). So
    /// this first copies the labels (another scattered read) and loads one
    /// byte from every cache line of every row — independent loads, dozens
    /// of which the CPU keeps in flight at once — and only then converts,
    /// from lines already in L2. The wait fell to ~4 % of the step.
    func load(_ data: Dataset, indices: ArraySlice<Int>) {
        guard case .bytes(let bytes, let scale) = data.features, x.count == indices.count * data.featureCount,
            y.count == indices.count
        else {
            data.batch(indices, x: &x, y: &y)
            return
        }
        let f = data.featureCount
        let labels = data.labels
        var sum: UInt8 = 0
        bytes.withUnsafeBufferPointer { src in
            x.withUnsafeMutableBufferPointer { out in
                y.withUnsafeMutableBufferPointer { ys in
                    guard let s = src.baseAddress, let d = out.baseAddress, let yd = ys.baseAddress else { return }
                    for (r, i) in indices.enumerated() {
                        yd[r] = labels[i]
                        let row = s + i * f
                        var k = 0
                        while k < f {
                            sum &+= row[k]
                            k += 64
                        }
                        sum &+= row[f - 1]
                    }
                    for (r, i) in indices.enumerated() {
                        Kernels.scale(row: s + i * f, by: scale, into: d + r * f, count: f)
                    }
                }
            }
        }
        touched = sum
    }
}
