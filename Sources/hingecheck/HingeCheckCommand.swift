import ArgumentParser
import PoseCore

@main
struct HingeCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hingecheck",
        abstract: "Checks the back during hip-hinge lifts (deadlift, RDL, good morning, kettlebell) from video.",
        discussion: """
            Film the lifter from the side with the camera level. HingeCheck finds the body (BlazePose, \
            no markers needed) or ArUco markers taped on the spine, measures the lumbar curve and trunk \
            inclination, and flags the moments when the loaded, inclined trunk loses its lumbar curve.

            Settings: `hingecheck plugins` lists every parameter as --set PLUGIN.PARAMETER=VALUE; \
            `hingecheck config init` writes them all to a commented file that analyze, report, \
            batch and live read with --config FILE (no config file is read without --config).

            Examples:
              hingecheck analyze SampleVideos/deadlift-fatigue.mp4 --report out/fatigue
              hingecheck probe SampleVideos/deadlift-neutral.mp4
              hingecheck plugins
            """,
        version: HingeCheckVersion.current,
        subcommands: [AnalyzeCommand.self, LiveCommand.self, BatchCommand.self, ReportCommand.self, LandmarksCommand.self, CalibrateCommand.self, ModelsCommand.self, MarkersCommand.self, ProbeCommand.self, PluginsCommand.self, ConfigCommand.self, SynthCommand.self]
    )

    /// Runs the command line; `batch --help` shows the options of the batch run it stands for
    /// (`BatchCommand.helpText`), everything else goes to swift-argument-parser (async, for
    /// `live`, whose capture, processing and browser view are tasks of one task group).
    static func main() async {
        if BatchCommand.isHelpRequest(Array(CommandLine.arguments.dropFirst())) {
            print(BatchCommand.helpText(columns: nil))
            return
        }
        await main(nil)
    }
}
