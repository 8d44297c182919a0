import Foundation

/// How many batch jobs this machine can run at once.
public enum BatchResources {
    /// Memory one video job is budgeted (decoder, two networks, the frames of a long clip and
    /// the report video): 1.5 GB. See docs/benchmarks.md for the measured peak.
    public static let bytesPerVideoJob: Int64 = 1_500_000_000

    /// Cores this process may use.
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Memory available for new work: `MemAvailable` of /proc/meminfo (Linux), else the
    /// physical memory; nil when unknown.
    public static func availableMemoryBytes() -> Int64? {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kb = Int64(fields[1]) { return kb * 1024 }
            }
        }
        let physical = ProcessInfo.processInfo.physicalMemory
        return physical > 0 ? Int64(clamping: physical) : nil
    }

    /// The default job count: one per core; with video inputs also no more than the available
    /// memory allows at `bytesPerVideoJob` each (landmark-file jobs are cheap: cores only).
    public static func defaultJobs(hasVideo: Bool, cores: Int = cores, availableMemory: Int64? = availableMemoryBytes()) -> Int {
        guard hasVideo, let memory = availableMemory else { return max(1, cores) }
        return max(1, min(cores, Int(memory / bytesPerVideoJob)))
    }

    /// OpenCV worker threads per job so that jobs × threads stays within the cores.
    public static func threadsPerJob(jobs: Int, cores: Int = cores) -> Int { max(1, cores / max(1, jobs)) }
}
