/// The last stage of an analysis session (source → filters → kinematics → analysers → sinks):
/// sees every frame as it was read, with its kinematic sample, in order, as the frames are pushed.
/// The frame spool behind a report folder is one (`FrameSpool`); so can be a writer of derived
/// per-frame data or a progress view.
///
/// A sink that throws is detached, and its error kept for whoever needs its output
/// (`AnalysisSession.failure(of:)`): the analysis goes on without it, as a full temporary disk
/// must not cost the verdicts already being computed.
public protocol AnalysisSink: AnyObject {
    /// Called once per frame, in order, after the frame's sample has been computed.
    /// - Throws: any error; the session then stops calling this sink.
    func receive(_ frame: PoseFrame, sample: KinematicSample) throws
}
