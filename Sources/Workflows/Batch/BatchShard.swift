import Foundation
import PoseCore

/// One worker's share of a batch: shard `index` of `count` (`--shard I/N`, 0-based).
///
/// An input belongs to shard `stableHash(path) mod count`. The hash is of the input's canonical
/// path alone, so the assignment does not depend on which other inputs exist: files added to a
/// folder while the workers run do not move any other file to another worker, every worker
/// agrees without talking to the others, and the union of the N shards is the whole input list
/// with no input in two shards. For large batches the shards are even to within a few percent
/// (binomial spread); for a handful of inputs some shards may be empty.
public struct BatchShard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// - Throws: `.invalidArgument` unless `0 <= index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, (0..<count).contains(index) else {
            throw HingeCheckError(.invalidArgument, "shard \(index)/\(count) is out of range",
                                  hint: "give --shard I/N with 0 <= I < N (I is 0-based, like JOB_COMPLETION_INDEX)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    /// - Throws: `.invalidArgument` naming the text and the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw HingeCheckError(.invalidArgument, "--shard \"\(text)\" is not I/N",
                                  hint: "e.g. --shard 0/4 for the first of four workers; in a Kubernetes indexed Job use "
                                      + "--shard $(JOB_COMPLETION_INDEX)/N, in a Slurm array --shard ${SLURM_ARRAY_TASK_ID}/N")
        }
        try self.init(index: i, count: n)
    }

    /// The whole batch as one shard.
    public static let all = try! BatchShard(index: 0, count: 1)

    public var description: String { "\(index)/\(count)" }

    /// Whether `input` is this shard's.
    public func contains(_ input: BatchInput) -> Bool {
        count == 1 || Int(BatchNaming.stableHash(input.path) % UInt64(count)) == index
    }

    /// This shard's inputs, in the given order.
    public func select(_ inputs: [BatchInput]) -> [BatchInput] { inputs.filter(contains) }

    /// The file name suffix of a shard's summary files (`""` for a whole batch, `.shard-2-of-8` else).
    public var fileSuffix: String { count == 1 ? "" : ".shard-\(index)-of-\(count)" }
}
