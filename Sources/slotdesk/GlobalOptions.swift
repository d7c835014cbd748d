import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// Options every command takes (issue: global options on every command).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $SLOTDESK_DB, else $XDG_DATA_HOME/slotdesk/slotdesk.db).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Machine-readable JSON output.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language of messages: zh or en (default: from LANG).", valueName: "zh|en"))
    var lang: Language?

    @Option(name: .long, help: ArgumentHelp("On a training database only: run as if the hospital clock read this time (YYYY-MM-DDTHH:MM, hospital time).", valueName: "time"))
    var now: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var language: Language { lang ?? Language.fromEnvironment(environment) }

    var databasePath: String { DatabaseLocation.resolve(explicit: db, environment: environment) }

    mutating func validate() throws {
        if let now, LocalDateTime(now) == nil {
            throw ValidationError(language.pick("--now 须形如 2026-11-24T09:30（医院时间），而不是“\(now)”",
                                                 "--now must look like 2026-11-24T09:30 (hospital time), not \"\(now)\""))
        }
    }

    func openStore(_ access: DatabaseAccess = .existing) throws(BookingError) -> Store {
        let now = now.flatMap(LocalDateTime.init)
        switch access {
        case .existing: return try Store.open(path: databasePath, now: now)
        case let .create(training): return try Store.create(path: databasePath, training: training, now: now)
        }
    }

    /// Runs a command against the store, printing a refusal in the operator's language (and as
    /// a JSON error object with `--json`) and exiting 1, 2 or 3 by its kind. On a training
    /// database, output for people opens with the training mark on stderr (rule 15), so that
    /// stdout stays what a script or a file expects; the full screen shows it in its title bar
    /// instead (`trainingMark: false`).
    func perform(_ access: DatabaseAccess = .existing, trainingMark: Bool = true,
                 _ body: (Store, Output) throws(BookingError) -> Void) throws {
        let output = Output(json: json, language: language)
        do {
            let store = try openStore(access)
            if store.isTraining && !json && trainingMark { output.markTraining(store) }
            try body(store, output)
        } catch {
            output.fail(error)
            throw ExitCode(error.kind.rawValue)
        }
    }
}

/// Whether a command may create its database: only `init` does, and the first full-screen start
/// (the demo hospital, as the README's first command promises).
enum DatabaseAccess {
    case existing
    case create(training: Bool)
}

extension Language: ExpressibleByArgument {}

/// Parses dates given on the command line.
func parseDate(_ text: String, option: String) throws(BookingError) -> LocalDate {
    guard let date = LocalDate(text) else {
        throw BookingError.invalidInput(field: option, problem: .notADate(String(text.prefix(40))))
    }
    return date
}

func parseSlot(_ text: String) throws(BookingError) -> SlotReference {
    guard let slot = SlotReference(text) else {
        throw BookingError.invalidInput(field: "slot", problem: .notASlot(String(text.prefix(40))))
    }
    return slot
}

func parsePatient(_ text: String) throws(BookingError) -> PatientReference {
    guard let patient = PatientReference(text) else {
        throw BookingError.invalidInput(field: "patient", problem: .notAPatient(String(text.prefix(40))))
    }
    return patient
}

func code(_ text: String?) -> String? { text.map { $0.trimmingWhitespace().uppercased() } }
