import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// The shim's own layers (depthwise, pointwise, direct, strided and dense convolutions, 2x
/// upsampling, sums: Shims/CPoseShim/src/shim_layers.cpp) against OpenCV 4.6's layers on the
/// real networks: every output element of a whole forward pass, on a pseudo-random input.
/// A kernel bug (a wrong tail block, a transposed weight, a lost bias or activation) gives
/// differences of the order of the outputs themselves; float summation order gives about 1e-5.
@Suite(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
struct ShimKernelTests {
    @Test(arguments: [(ModelStore.detector, 224, 85), (ModelStore.landmark, 256, 125), (ModelStore.landmarkMaskless, 256, 105)])
    func kernelsComputeWhatOpenCVComputes(model: ModelStore.File, size: Int, minimumShimLayers: Int) throws {
        let path = BlazePoseFixtures.models.url(of: model).path
        let check = try CaptureLibrary.kernelCheck(onnx: path, size: size)
        // The shim's layers really ran: the check compares something.
        #expect(check.shimLayers >= minimumShimLayers, "\(model.name): only \(check.shimLayers) layers are the shim's")
        #expect(check.maxRelativeDifference < 1e-3, "\(model.name): outputs differ by \(check.maxRelativeDifference) of their range")
    }

    @Test func aMissingNetworkIsNamed() {
        #expect {
            _ = try CaptureLibrary.kernelCheck(onnx: "/nonexistent/net.onnx", size: 256)
        } throws: { error in
            (error as? HingeCheckError)?.description.contains("/nonexistent/net.onnx") == true
        }
    }
}
