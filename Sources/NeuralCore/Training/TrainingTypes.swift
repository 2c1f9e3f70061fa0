/// How `train(on:options:)` runs: Keras's `model.fit` arguments.
///
/// The defaults are Keras's: batches of 32, Adam at 0.001, and the loss chosen
/// from the output layer (see `SequentialModel.resolvedLoss(_:)`).
public struct TrainingOptions: Sendable {
    /// Passes over the whole training set; 0 trains nothing.
    public var epochs: Int
    /// Examples per gradient step. The last batch of an epoch keeps the
    /// remainder (60,000 / 32 gives 1,875 full batches; 100 / 32 gives 3 of 32
    /// and one of 4), and a batch larger than the data set is the whole set.
    public var batchSize: Int = 32
    /// The update rule applied after every batch.
    public var optimizer: Optimizer = .kerasAdam
    /// `nil` picks the loss from the output layer: sparse categorical
    /// cross-entropy after softmax, binary cross-entropy after one sigmoid
    /// unit, mean squared error otherwise.
    public var loss: Loss? = nil
    /// Seeds the shuffle of the example order, redone at every epoch; the
    /// same seed gives the same order, and the same weights, on every machine.
    public var shuffleSeed: UInt64 = 42
    /// `false` keeps the data set's order in every epoch (Keras's `shuffle=False`).
    public var shuffle: Bool = true

    public init(epochs: Int) {
        self.epochs = epochs
    }
}

/// A progress report, sent after every batch.
///
/// An `mlp`'s full-batch training reports in the same form with `unit`
/// `.step`: the run is one epoch whose batches are its steps.
public struct TrainingProgress: Sendable {
    /// What a batch is: one mini-batch of an epoch, or one full-batch step.
    public enum Unit: Sendable { case batch, step }

    /// The current epoch, 1-based.
    public var epoch: Int
    /// The total number of epochs.
    public var epochs: Int
    /// The batch just finished, 1-based within the epoch.
    public var batch: Int
    /// Batches per epoch: ⌈examples / batch size⌉.
    public var batches: Int
    /// The mean loss over the examples seen so far in this epoch.
    public var loss: Double
    /// The fraction of examples seen so far in this epoch that were classified
    /// correctly (before the update their batch caused), 0…1.
    public var accuracy: Double
    /// Seconds since this epoch started.
    public var elapsed: Double
    /// Estimated seconds left in this epoch: elapsed / batch · (batches − batch).
    public var remaining: Double
    /// `true` on the epoch's last batch, when `loss` and `accuracy` are the
    /// epoch's final figures.
    public var epochFinished: Bool
    /// `.step` when each batch is a full-batch step and the run one epoch of them.
    public var unit: Unit

    public init(
        epoch: Int, epochs: Int, batch: Int, batches: Int, loss: Double, accuracy: Double,
        elapsed: Double, remaining: Double, epochFinished: Bool, unit: Unit = .batch
    ) {
        self.epoch = epoch
        self.epochs = epochs
        self.batch = batch
        self.batches = batches
        self.loss = loss
        self.accuracy = accuracy
        self.elapsed = elapsed
        self.remaining = remaining
        self.epochFinished = epochFinished
        self.unit = unit
    }
}

/// One completed epoch, as Keras's `history.history` records it: the mean of
/// the per-example loss and the accuracy over the epoch, each example scored
/// with the weights in force when its batch was run.
public struct EpochRecord: Sendable, Equatable {
    public var loss: Double
    public var accuracy: Double

    public init(loss: Double, accuracy: Double) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// What a training run did.
public struct TrainingResult: Sendable {
    /// One record per completed epoch (a cancelled or diverged epoch is left out).
    public var history: [EpochRecord]
    /// `true` when `isCancelled()` stopped the run; the model keeps the
    /// weights of the last complete batch.
    public var cancelled: Bool
    /// Where the loss became NaN or infinite, if it did: training stopped
    /// there and the model keeps the weights of the last good batch.
    public var divergedAt: (epoch: Int, batch: Int)?

    public init(history: [EpochRecord], cancelled: Bool, divergedAt: (epoch: Int, batch: Int)?) {
        self.history = history
        self.cancelled = cancelled
        self.divergedAt = divergedAt
    }
}

/// The model scored on a data set without changing it.
public struct Evaluation: Sendable, Equatable {
    /// The mean per-example loss.
    public var loss: Double
    /// The fraction classified correctly, 0…1.
    public var accuracy: Double
    /// How many examples were scored.
    public var count: Int

    public init(loss: Double, accuracy: Double, count: Int) {
        self.loss = loss
        self.accuracy = accuracy
        self.count = count
    }
}
