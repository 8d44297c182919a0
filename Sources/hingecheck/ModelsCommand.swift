import ArgumentParser
import Foundation
import PoseCapture
import PoseCore

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Installs and checks the BlazePose networks the markerless landmark source needs.",
        discussion: """
            MediaPipe's pose models (Apache-2.0) are fetched from the PyPI wheel mediapipe==0.10.14 \
            and converted to ONNX once, on this machine, by Shims/models/install-models.sh. They are \
            kept outside the repository, in the first of: --dir, $HINGECHECK_MODELS_DIR, \
            $XDG_DATA_HOME/hingecheck/models, ~/.local/share/hingecheck/models.

            Examples:
              hingecheck models install
              hingecheck models install --dir /opt/hingecheck/models
              hingecheck models status
              hingecheck models status --json
            """,
        subcommands: [Install.self, Status.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Downloads and converts the BlazePose models (about 15 s; needs python3 3.9-3.12 with venv and PyPI access).",
            discussion: """
                Runs the model installer and streams its output: --script, else \
                PREFIX/share/hingecheck/install-models.sh beside an installed binary (PREFIX/bin/hingecheck, \
                `make install` or the release tarball), else Shims/models/install-models.sh in the source \
                tree this binary was built from. Idempotent: models already installed and verified are \
                left alone.

                Examples:
                  hingecheck models install
                  hingecheck models install --dir ~/models/hingecheck
                  HINGECHECK_MODELS_DIR=/data/models hingecheck models install
                """
        )

        @Option(help: "Install into this folder instead of the default models folder.")
        var dir: String?

        @Option(help: ArgumentHelp("Path of install-models.sh, when neither an installed copy nor the source tree is found.",
                                   valueName: "path"))
        var script: String?

        func run() throws {
            let candidates = script.map { [URL(fileURLWithPath: $0)] } ?? Self.scriptCandidates
            guard let scriptURL = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) else {
                throw HingeCheckError(.notFound, "the model installer is not where this build expects it (looked at "
                                      + candidates.map(\.path).joined(separator: ", ") + ")",
                                      path: candidates.first?.path,
                                      hint: "run it from a HingeCheck checkout: `bash Shims/models/install-models.sh [DIR]`, or pass --script PATH")
            }
            let store = ModelStore(directory: dir.map { URL(fileURLWithPath: $0, isDirectory: true) })
            FileHandle.standardError.write(Data("models install: running \(scriptURL.path) \(store.directory.path)\n".utf8))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [scriptURL.path, store.directory.path]
            // stdout and stderr are inherited: the script's progress streams straight through.
            do {
                try process.run()
            } catch {
                throw HingeCheckError(.io, "cannot start /bin/bash: \(error.localizedDescription)", path: scriptURL.path)
            }
            process.waitUntilExit()
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                throw HingeCheckError(.model, "installing the models into \(store.directory.path) failed (exit status \(process.terminationStatus))",
                                      path: scriptURL.path, hint: "read the installer's message above; it names what is missing")
            }
            let status = store.status()
            guard status.isReady else {
                throw HingeCheckError(.model, "the installer finished but the models in \(store.directory.path) do not verify",
                                      hint: "run `hingecheck models status` to see which file is wrong")
            }
        }

        /// Where the installer is looked for, in order: beside an installed binary
        /// (`PREFIX/bin/hingecheck` → `PREFIX/share/hingecheck/install-models.sh`, the layout of
        /// `make install` and of the release tarball), then the source tree it was built from.
        static var scriptCandidates: [URL] {
            var urls: [URL] = []
            if let binary = executableURL {
                urls.append(binary.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("share/hingecheck/install-models.sh"))
            }
            urls.append(sourceTreeScript)
            return urls
        }

        /// This process's executable, symbolic links resolved (`/proc/self/exe` on Linux).
        static var executableURL: URL? {
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path)
            }
            return Bundle.main.executableURL?.resolvingSymlinksInPath()
        }

        /// Shims/models/install-models.sh in the source tree this file was compiled from.
        static var sourceTreeScript: URL {
            URL(fileURLWithPath: #filePath)  // <repo>/Sources/hingecheck/ModelsCommand.swift
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Shims/models/install-models.sh")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows where the models are looked for and whether each file is present and intact.",
            discussion: """
                Checks each file's size and SHA-256 against the values install-models.sh pins. \
                Exits with status 1 when a file is missing or damaged.

                Examples:
                  hingecheck models status
                  hingecheck models status --json
                  hingecheck models status --dir /opt/hingecheck/models
                """
        )

        @Option(help: "Check this folder instead of the default models folder.")
        var dir: String?

        @Flag(help: "Print JSON for machines.")
        var json = false

        func run() throws {
            let store = ModelStore(directory: dir.map { URL(fileURLWithPath: $0, isDirectory: true) })
            let status = store.status()
            if json {
                print(try JSONText.encode(status))
            } else {
                print("models folder: \(status.directory) (from \(Self.describe(status.origin)))")
                for file in status.files {
                    let size = file.bytes.map { " \($0) bytes" } ?? ""
                    print("  \(file.name)  \(file.state.rawValue)\(size)  \(file.role)")
                    if file.state == .checksumMismatch, let sha = file.sha256 {
                        print("    sha256 \(sha)\n    expected \(file.expectedSHA256)")
                    }
                }
                print(status.isReady ? "ready" : "not ready: \(store.installHint)")
            }
            if !status.isReady { throw ExitCode(1) }
        }

        static func describe(_ origin: ModelStore.Origin) -> String {
            switch origin {
            case .explicit: "--dir"
            case .environment: "$HINGECHECK_MODELS_DIR"
            case .xdgDataHome: "$XDG_DATA_HOME"
            case .home: "the default location"
            }
        }
    }
}
