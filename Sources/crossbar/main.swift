import ArgumentParser
import CrossbarAPI
import Foundation
import JupyterKernel

/// `crossbar`: the Jupyter kernel, its kernelspec installer and a script runner.
struct Crossbar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossbar",
        abstract: "A Jupyter kernel for Swift cells over an analog in-memory computing toolkit.",
        version: CrossbarVersion.string,
        subcommands: [Kernel.self, Install.self, Run.self, Reference.self, Version.self])
}

extension Crossbar {
    struct Kernel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve one Jupyter client (started by Jupyter, not by hand).")

        @Option(name: .long, help: "The connection file Jupyter wrote for this kernel.")
        var connectionFile: String

        func run() throws {
            let info: ConnectionInfo
            do {
                info = try ConnectionInfo(contentsOf: connectionFile)
            } catch {
                KernelLog.error("cannot read connection file \(connectionFile): \(error)")
                throw ExitCode(2)
            }
            let server: KernelServer
            do {
                server = try KernelServer(connection: info, interpreter: CrossbarKernelInterpreter())
            } catch {
                KernelLog.error("cannot start the kernel: \(error)")
                throw ExitCode(1)
            }
            let status = server.run()
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install the 'crossbar' kernelspec so Jupyter can start this binary.")

        @Flag(name: .long, help: "Install for the current user (the default).") var user = false
        @Flag(name: .long, help: "Install into the active Python environment (sys.prefix).") var sysPrefix = false
        @Option(name: .long, help: "Install under PREFIX/share/jupyter/kernels.") var prefix: String?
        @Option(name: .long, help: "The kernel's memory budget (8G, 512M, 50%); by default three quarters of the machine's memory.")
        var memoryBudget: String?

        func validate() throws {
            let chosen = [user, sysPrefix, prefix != nil].filter { $0 }.count
            if chosen > 1 { throw ValidationError("choose one of --user, --sys-prefix and --prefix") }
        }

        func run() throws {
            let location: KernelspecInstaller.Location
            if let prefix { location = .prefix(prefix) } else if sysPrefix { location = .sysPrefix } else { location = .user }
            do {
                let path = try KernelspecInstaller.install(location: location, executable: KernelspecInstaller.currentExecutablePath(),
                                                           memoryBudget: memoryBudget)
                print("Installed kernelspec 'crossbar' in \(path)")
            } catch {
                FileHandle.standardError.write(Data("crossbar install: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a Swift file as one Crossbar cell in the terminal.")

        @Argument(help: "The .swift file to run.") var file: String
        @Option(name: .long, help: "Run the file this many times, as consecutive cells of one session.")
        var `repeat` = 1

        func validate() throws {
            guard (1...1000).contains(`repeat`) else { throw ValidationError("--repeat takes 1…1000") }
        }

        func run() throws {
            let status = ScriptRunner.run(path: file, repeat: `repeat`)
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cell API reference (Markdown), as docs/api.md holds it.")
        func run() throws {
            print(CrossbarRegistry.make().referenceMarkdown(title: "Cell API reference"), terminator: "")
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print("crossbar \(CrossbarVersion.string) (Swift cells, language version \(CrossbarVersion.languageVersion))") }
    }
}

Crossbar.main()
