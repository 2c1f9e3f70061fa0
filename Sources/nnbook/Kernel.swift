import ArgumentParser
import Foundation
import NNBookKernel
import NNBookLanguage

/// `nnbook kernel -f FILE`: the Jupyter kernel; `install` and `uninstall` its kernelspec.
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run nnbook as a Jupyter kernel, or install its kernelspec.",
        subcommands: [KernelServe.self, KernelInstall.self, KernelUninstall.self],
        defaultSubcommand: KernelServe.self
    )
}

/// Where a kernelspec goes, as `jupyter kernelspec install` spells it.
struct KernelPlace: ParsableArguments {
    @Flag(help: "The user's Jupyter data folder (the default).")
    var user = false
    @Option(help: "Install into DIR/share/jupyter/kernels.")
    var prefix: String?
    @Flag(help: "Install into the current Python's sys.prefix/share/jupyter/kernels.")
    var sysPrefix = false

    func folder() throws -> String {
        let place: KernelSpec.Place
        if let prefix {
            place = .prefix(URL(fileURLWithPath: prefix).standardizedFileURL.path)
        } else if sysPrefix {
            place = .sysPrefix(try Self.pythonPrefix())
        } else {
            place = .user
        }
        return KernelSpec.folder(place, environment: ProcessInfo.processInfo.environment, home: FileManager.default.homeDirectoryForCurrentUser.path)
    }

    static func pythonPrefix() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw ValidationError("--sys-prefix needs python3: \(error.localizedDescription)") }
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !text.isEmpty else { throw ValidationError("--sys-prefix: python3 did not say its sys.prefix") }
        return text
    }
}

struct KernelServe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve a Jupyter front-end (what kernel.json runs).")

    @Option(name: .short, help: "The connection file Jupyter wrote.")
    var f: String

    func run() throws {
        let connection: ConnectionFile
        let server: KernelServer
        do {
            connection = try ConnectionFile.load(path: f)
            server = try KernelServer(connection: connection) { line in
                FileHandle.standardError.write(Data("nnbook kernel: \(line)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("nnbook kernel: \(error)\n".utf8))
            throw ExitCode(1)
        }
        // Interrupts come as interrupt_request messages (kernel.json's interrupt_mode); a Ctrl-C
        // in the terminal that started Jupyter reaches the whole process group and must not end the kernel.
        signal(SIGINT, SIG_IGN)
        _ = server.run()
    }
}

struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the nnbook kernelspec for Jupyter.")
    @OptionGroup var place: KernelPlace

    func run() throws {
        let binary = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath().path
        let folder = try place.folder()
        do {
            let written = try KernelSpec.install(into: folder, binary: binary)
            print("installed the nnbook kernel: \(written.joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data("nnbook kernel install: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct KernelUninstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the nnbook kernelspec.")
    @OptionGroup var place: KernelPlace

    func run() throws {
        let folder = try place.folder()
        do {
            print(try KernelSpec.uninstall(from: folder) ? "removed \(folder)" : "no nnbook kernel in \(folder)")
        } catch {
            FileHandle.standardError.write(Data("nnbook kernel uninstall: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
