import BookingCore
import Foundation
import Testing

/// Chinese operators read every refusal in Chinese: every error, and every input problem, rendered
/// under `.zh` holds no English sentence. Codes, commands, options and field names may stay ASCII.
@Suite("Every message in the operator's language")
struct MessageLanguageTests {
    static let date = day("2026-11-24"), moment = at("2026-11-24T09:00"), later = at("2026-11-24T10:30")

    /// One of every input problem, with values as the desk would meet them.
    static let problems: [InputProblem] = [
        .characters(1...64), .mustBe(1...31), .range(1...10_000), .controlCharacters, .oneLine,
        .controlCharactersBesidesLineBreaks, .notUTF8, .largerThan(bytes: 1024),
        .usernameShape, .usernameCharacters, .usernameReserved("system"), .noRole, .clinicForCoordinatorOnly,
        .passwordControlCharacters, .passwordIsUsername, .passwordUnchanged, .passwordChangedMeanwhile,
        .passwordNeedsFile, .passwordsDiffer, .passwordAloneOnFirstLine, .noPasswordTyped,
        .nameEmpty, .nameTooLong(40), .nameCharacter("\\u{1B}"), .documentNumberShape, .birthInFuture, .phoneShape,
        .cardShape, .cardTaken("8800010001"), .referralForPatient(referral: 12, patient: 7),
        .referralFromClinic(referral: 12, clinic: "C02"),
        .waitlistNotWaiting(entry: 3, status: "booked"), .waitlistNotWaiting(entry: 3, status: "removed"),
        .waitlistNotWaiting(entry: 3, status: "expired"), .waitlistNotWaiting(entry: 3, status: "no_show"),
        .windowBackwards, .windowEnded, .windowTooLong(days: 90), .hoursShape, .hoursNotLike("8 to 12 am"),
        .rangeTooLong(days: 93), .rangeBackwards(from: day("2026-12-10"), to: day("2026-12-01")),
        .atMostDaysAtATime(62), .dateInPast(date), .datePassed(date), .timeInFuture(moment),
        .notADate("2026-13-01"), .notDateOrTime("明天"), .neitherDateNorTime("明天上午"), .notASlot("张三"),
        .notAPatient("张三?"), .notAuditHead("12"), .csvNeedsDate,
        .positionRange(first: 2, last: 5, theatre: "OR1", date: date), .notADoctor("ECG1"), .noChecklistItem,
        .notForLocalAnaesthetic(.fasting), .backfillChanged(theatre: "OR1", date: date, now: 9, expected: 8),
        .caseNotToday(caseID: 5, date: date), .caseNotToday(caseID: 5, date: nil), .dischargeTooEarly(caseID: 5, date: date),
        .dueBeforeDischarge(date),
        .backupPathMissing, .isFolder("/srv/备份"), .isTheDatabase, .fileExists("/srv/备份.db"),
        .isSymbolicLink("/srv/备份.db"), .folderMissing("/srv/备份"), .cannotRead("/srv/名单.csv"),
        .cannotWrite("/srv/凭条.txt", errno: EACCES), .cannotWrite("/srv/凭条.txt", errno: ENOENT),
        .cannotWrite("/srv/凭条.txt", errno: ENOSPC), .cannotWrite("/srv/凭条.txt", errno: EROFS),
        .cannotWrite("/srv/凭条.txt", errno: EIO), .cannotWrite("/srv/凭条.txt", errno: nil),
    ]

    /// Does not compile when a problem is added: give it a sample above and a name here.
    static func name(_ problem: InputProblem) -> String {
        switch problem {
        case .characters: "characters"
        case .mustBe: "mustBe"
        case .range: "range"
        case .controlCharacters: "controlCharacters"
        case .oneLine: "oneLine"
        case .controlCharactersBesidesLineBreaks: "controlCharactersBesidesLineBreaks"
        case .notUTF8: "notUTF8"
        case .largerThan: "largerThan"
        case .usernameShape: "usernameShape"
        case .usernameCharacters: "usernameCharacters"
        case .usernameReserved: "usernameReserved"
        case .noRole: "noRole"
        case .clinicForCoordinatorOnly: "clinicForCoordinatorOnly"
        case .passwordControlCharacters: "passwordControlCharacters"
        case .passwordIsUsername: "passwordIsUsername"
        case .passwordUnchanged: "passwordUnchanged"
        case .passwordChangedMeanwhile: "passwordChangedMeanwhile"
        case .passwordNeedsFile: "passwordNeedsFile"
        case .passwordsDiffer: "passwordsDiffer"
        case .passwordAloneOnFirstLine: "passwordAloneOnFirstLine"
        case .noPasswordTyped: "noPasswordTyped"
        case .nameEmpty: "nameEmpty"
        case .nameTooLong: "nameTooLong"
        case .nameCharacter: "nameCharacter"
        case .documentNumberShape: "documentNumberShape"
        case .birthInFuture: "birthInFuture"
        case .phoneShape: "phoneShape"
        case .cardShape: "cardShape"
        case .cardTaken: "cardTaken"
        case .referralForPatient: "referralForPatient"
        case .referralFromClinic: "referralFromClinic"
        case .waitlistNotWaiting: "waitlistNotWaiting"
        case .windowBackwards: "windowBackwards"
        case .windowEnded: "windowEnded"
        case .windowTooLong: "windowTooLong"
        case .hoursShape: "hoursShape"
        case .hoursNotLike: "hoursNotLike"
        case .rangeTooLong: "rangeTooLong"
        case .rangeBackwards: "rangeBackwards"
        case .atMostDaysAtATime: "atMostDaysAtATime"
        case .dateInPast: "dateInPast"
        case .datePassed: "datePassed"
        case .timeInFuture: "timeInFuture"
        case .notADate: "notADate"
        case .notDateOrTime: "notDateOrTime"
        case .neitherDateNorTime: "neitherDateNorTime"
        case .notASlot: "notASlot"
        case .notAPatient: "notAPatient"
        case .notAuditHead: "notAuditHead"
        case .csvNeedsDate: "csvNeedsDate"
        case .positionRange: "positionRange"
        case .notADoctor: "notADoctor"
        case .noChecklistItem: "noChecklistItem"
        case .notForLocalAnaesthetic: "notForLocalAnaesthetic"
        case .backfillChanged: "backfillChanged"
        case .caseNotToday: "caseNotToday"
        case .dischargeTooEarly: "dischargeTooEarly"
        case .dueBeforeDischarge: "dueBeforeDischarge"
        case .backupPathMissing: "backupPathMissing"
        case .isFolder: "isFolder"
        case .isTheDatabase: "isTheDatabase"
        case .fileExists: "fileExists"
        case .isSymbolicLink: "isSymbolicLink"
        case .folderMissing: "folderMissing"
        case .cannotRead: "cannotRead"
        case .cannotWrite: "cannotWrite"
        }
    }
    static let problemKinds = 66

    /// One of every problem a setup file can have, with values as an administrator would write them.
    static let setupReasons: [SetupProblem.Reason] = [
        .fileTooLarge(megabytes: 8), .notUTF8, .nulCharacters,
        .syntax("Error while parsing key-value pair: expected a value, saw '心'"),
        .headerWithoutName, .headerStartsWith("@"), .braceInArray, .lineSeparator("\\u{2028}"),
        .unknownSection(expected: ["calendar", "clinic", "department", "hospital", "resource", "session"]),
        .unknownField(expected: ["code", "name", "name_en", "walk_in_cutoff_minutes"]), .notATable("hospital"),
        .notEntries("department"), .entryNotATable, .missing, .notAString, .controlCharacters, .longerThan(200),
        .notAWholeNumber, .notAnArrayOfNumbers, .wholeNumbersOnly, .notAnArrayOfStrings, .stringsOnly,
        .empty, .range(0...90), .characters(1...16), .codeCharacters("card"), .appearsTwice("CARD"),
        .unknownTimeZone("Asia/Beijing"), .resourceKind("ward"), .noDepartment("NEUR"), .noResource("D999"),
        .allianceHorizonShorter, .turnoverForTheatreOnly, .weekdays, .weekdayTwice, .hoursNotLike("8 to 12 am"), .hoursRange,
        .reservedOverCapacity(4), .overlaps(resource: "D001", weekday: 2, line: 20), .overlaps(resource: "D001", weekday: 2, line: nil),
        .notADate("明天"), .notAYear(20260), .workdayShape, .workdaysShape, .holidayAndWorkday(date), .workdayWeekday(date),
    ]

    /// Does not compile when a setup problem is added: give it a sample above and a name here.
    static func name(_ reason: SetupProblem.Reason) -> String {
        switch reason {
        case .fileTooLarge: "fileTooLarge"
        case .notUTF8: "notUTF8"
        case .nulCharacters: "nulCharacters"
        case .syntax: "syntax"
        case .headerWithoutName: "headerWithoutName"
        case .headerStartsWith: "headerStartsWith"
        case .braceInArray: "braceInArray"
        case .lineSeparator: "lineSeparator"
        case .unknownSection: "unknownSection"
        case .unknownField: "unknownField"
        case .notATable: "notATable"
        case .notEntries: "notEntries"
        case .entryNotATable: "entryNotATable"
        case .missing: "missing"
        case .notAString: "notAString"
        case .controlCharacters: "controlCharacters"
        case .longerThan: "longerThan"
        case .notAWholeNumber: "notAWholeNumber"
        case .notAnArrayOfNumbers: "notAnArrayOfNumbers"
        case .wholeNumbersOnly: "wholeNumbersOnly"
        case .notAnArrayOfStrings: "notAnArrayOfStrings"
        case .stringsOnly: "stringsOnly"
        case .empty: "empty"
        case .range: "range"
        case .characters: "characters"
        case .codeCharacters: "codeCharacters"
        case .appearsTwice: "appearsTwice"
        case .unknownTimeZone: "unknownTimeZone"
        case .resourceKind: "resourceKind"
        case .noDepartment: "noDepartment"
        case .noResource: "noResource"
        case .allianceHorizonShorter: "allianceHorizonShorter"
        case .turnoverForTheatreOnly: "turnoverForTheatreOnly"
        case .weekdays: "weekdays"
        case .weekdayTwice: "weekdayTwice"
        case .hoursNotLike: "hoursNotLike"
        case .hoursRange: "hoursRange"
        case .reservedOverCapacity: "reservedOverCapacity"
        case .overlaps: "overlaps"
        case .notADate: "notADate"
        case .notAYear: "notAYear"
        case .workdayShape: "workdayShape"
        case .workdaysShape: "workdaysShape"
        case .holidayAndWorkday: "holidayAndWorkday"
        case .workdayWeekday: "workdayWeekday"
        }
    }
    static let setupReasonKinds = 45

    /// One of every way `patient import` refuses a whole file, and a row.
    static let importProblems: [ImportProblem] = [.tooLarge(megabytes: 256), .notUTF8, .unreadable("cannotReadFile")]
    static let importRowProblems: [ImportRowProblem] = [
        .columns(found: 5), .refused(.invalidIdentityNumber("110105199001011234", reason: .checkDigit(expected: "X"))),
        .refused(.storage(.sqlite(code: StorageProblem.SQLiteCode.constraint, message: "test refuses 周九"))),
    ]

    /// Does not compile when an import problem is added: give it a sample above and a name here.
    static func name(_ problem: ImportProblem) -> String {
        switch problem {
        case .tooLarge: "tooLarge"
        case .notUTF8: "notUTF8"
        case .unreadable: "unreadable"
        }
    }
    static func name(_ problem: ImportRowProblem) -> String {
        switch problem {
        case .columns: "columns"
        case .refused: "refused"
        }
    }

    /// One of every storage failure, with what SQLite and the C library really say.
    static let storageProblems: [StorageProblem] = [
        .sqlite(code: StorageProblem.SQLiteCode.full, message: "database or disk is full"),
        .sqlite(code: StorageProblem.SQLiteCode.readOnly, message: "attempt to write a readonly database"),
        .sqlite(code: StorageProblem.SQLiteCode.constraint, message: "CHECK constraint failed: capacity >= 1"),
        .sqlite(code: StorageProblem.SQLiteCode.corrupt, message: "database disk image is malformed"),
        .sqlite(code: StorageProblem.SQLiteCode.notADatabase, message: "file is not a database"),
        .sqlite(code: StorageProblem.SQLiteCode.cannotOpen, message: "unable to open database file"),
        .sqlite(code: StorageProblem.SQLiteCode.ioError, message: "disk I/O error"),
        .sqlite(code: StorageProblem.SQLiteCode.error, message: "no such table: ward"),
        .sqlite(code: 99, message: "an error SlotDesk has never seen"),
        .schemaGuard("appointment_one_per_hour"), .schemaGuard("appointment does not match an offered slot"),
        .cannotCreate(path: "/srv/slotdesk/slotdesk.db", errno: EACCES), .cannotCreate(path: "/srv/slotdesk/slotdesk.db", errno: EPIPE),
        .cannotOpen(path: "/srv/slotdesk.db/x.db", errno: ENOTDIR), .cannotSync(path: "/srv/备份.db", errno: EIO),
        .isFolder(path: "/srv/slotdesk"),
        .backupCheckFailed(["*** in database main ***", "Page 5: btreeInitPage() returns error code 11"]),
        .cannotMoveBackup(errno: EXDEV), .passwordHash("invalid parameter for key derivation"),
        .csvWriter("cannotWriteStream"), .csvWriter(nil), .exportWrite("Broken pipe from the other end"),
        .conversionUnavailable(from: "UTF-8", to: "GB18030", errno: EINVAL),
        .conversionFailed(from: "UTF-8", to: "GB18030", errno: EILSEQ),
        .other("The operation could not be completed in this state"),
    ]

    /// Does not compile when a storage problem is added: give it a sample above and a name here.
    static func name(_ problem: StorageProblem) -> String {
        switch problem {
        case .sqlite: "sqlite"
        case .schemaGuard: "schemaGuard"
        case .cannotCreate: "cannotCreate"
        case .cannotOpen: "cannotOpen"
        case .cannotSync: "cannotSync"
        case .isFolder: "isFolder"
        case .backupCheckFailed: "backupCheckFailed"
        case .cannotMoveBackup: "cannotMoveBackup"
        case .passwordHash: "passwordHash"
        case .csvWriter: "csvWriter"
        case .exportWrite: "exportWrite"
        case .conversionUnavailable: "conversionUnavailable"
        case .conversionFailed: "conversionFailed"
        case .other: "other"
        }
    }
    static let storageKinds = 14

    /// One of every error, each input, setup, import and storage problem among them, with
    /// Chinese names and codes as the hospital has them.
    static let errors: [BookingError] = [
        .slotFull(slot: "D001@2026-11-24T09"), .publicSeatsReserved(slot: "D001@2026-11-24T09", releaseAt: moment),
        .slotStarted(slot: "D001@2026-11-24T09"), .outsideHorizon(slot: "D001@2026-11-24T09", days: 14),
        .walkInClosed(slot: "D001@2026-11-24T09", closedAt: moment, cutoffMinutes: 30),
        .invalidIdentityNumber("110105199001011234", reason: .length(17)),
        .invalidIdentityNumber("110105199001011234", reason: .characters),
        .invalidIdentityNumber("110105199001011234", reason: .region("999999")),
        .invalidIdentityNumber("110105199001011234", reason: .birthDate("19901301")),
        .invalidIdentityNumber("110105199001011234", reason: .checkDigit(expected: "X")),
        .duplicatePatient(existing: 7), .duplicateBooking(existing: 9, department: "CARD", date: date),
        .tooManyAppointments(limit: 10), .cancelTooLate(appointment: 9), .patientFlagged(noShows: 3),
        .checkInTooEarly(appointment: 9, date: date), .checkInTooLate(appointment: 9),
        .noShowTooEarly(appointment: 9, deadline: moment),
        .wrongStatus(appointment: 9, status: .completed, action: "cancel"),
        .wrongStatus(appointment: 9, status: .cancelled, action: "check in"),
        .wrongStatus(appointment: 9, status: .checkedIn, action: "mark as no-show"),
        .clinicCapReached(clinic: "C01", department: "CARD", date: date, cap: 4), .addOnNotGreen,
        .addOnNotFull(slot: "D001@2026-11-24T09"), .referralNotBookable(referral: 12, status: .expired),
        .referralMismatch(referral: 12, department: "CARD"), .waitlistExists(existing: 3),
        .queueEmpty(slot: "D001@2026-11-24T09"), .patientBeingSeen(appointment: 9, patient: "张三"),
        .noOneCalled(slot: "D001@2026-11-24T09"), .notCheckedIn(appointment: 9),
        .sessionAlreadyStopped(resource: "D001", date: date), .noOffer(notification: 4), .notOnNotifyList(notification: 4),
        .theatreClosed(theatre: "OR1", date: date), .theatreDayFull(theatre: "OR1", date: date, minutesLeft: 40, needed: 90),
        .surgeonBusy(surgeon: "D001", theatre: "OR1", from: moment, to: later), .patientHasCase(existing: 5, date: date),
        .checklistIncomplete(caseID: 5, missing: ChecklistItem.allCases),
        .wrongCaseStatus(caseID: 5, status: .done, step: .postpone), .noBackfill(theatre: "OR1", date: date),
        .notPermitted(permission: "appointment.add_on", roles: [.admin, .desk]), .loginFailed,
        .operatorLocked(username: "li", until: later), .operatorDisabled(username: "li"),
        .passwordChangeRequired(username: "li"), .clinicNotBound(clinic: "C03", bound: ["C01", "C02"]),
        .operatorExists(username: "li"), .lastAdministrator(username: "admin"), .operatorChanged(username: "li"),
        .slotConflicts(count: 3),
        .notFound(kind: "patient", key: "张三"), .notFound(kind: "slot", key: "D001@2026-11-24T09"),
        .notFound(kind: "appointment", key: "9"), .notFound(kind: "department", key: "NEUR"),
        .notFound(kind: "resource", key: "D999"), .notFound(kind: "clinic", key: "C09"),
        .notFound(kind: "referral", key: "12"), .notFound(kind: "surgery case", key: "5"),
        .notFound(kind: "theatre", key: "OR9"), .notFound(kind: "waitlist", key: "3"),
        .notFound(kind: "notification", key: "4"), .notFound(kind: "operator", key: "wang"),
        .notFound(kind: "phone", key: "7"),
        .setupInvalid([SetupProblem(line: 12, field: "session[2].reserved", reason: .reservedOverCapacity(4)),
                       SetupProblem(line: nil, field: "calendar", reason: .holidayAndWorkday(date))]),
        .databaseBusy(waited: 5), .databaseBusy(waited: nil), .newerSchema(unknown: ["016_wards.sql"]),
        .newerSchema(unknown: ["user_version 16 > 15"]),
        .duplicateExam(existing: 9, resource: "ECG1", date: date), .sameHourBooking(existing: 9, slot: "D001@2026-11-24T09"),
        .offerGone(slot: "D001@2026-11-24T09", next: "D001@2026-11-24T10", waitlist: nil),
        .offerGone(slot: "D001@2026-11-24T09", next: nil, waitlist: 3),
        .holiday(slot: "D001@2026-10-01T09", date: day("2026-10-01")),
        .surgeonInClinic(surgeon: "D001", date: date, hour: 9, booked: 6), .greenNeedsReferral,
        .referralResourceMismatch(referral: 12, resource: "D002"), .followUpNotPending(referral: 12),
        .priorityGroupMismatch(group: "pregnant"),
        .databaseMissing(path: "/srv/slotdesk.db"), .databaseExposed(path: "/srv/slotdesk.db", mode: 0o644),
        .simulatedClockRefused(path: "/srv/slotdesk.db"), .trainingNeedsNewDatabase(path: "/srv/slotdesk.db"),
    ] + problems.map { BookingError.invalidInput(field: "date", problem: $0) }
        + setupReasons.map { BookingError.setupInvalid([SetupProblem(line: 7, field: "department[1].code", reason: $0)]) }
        + importProblems.map(BookingError.importInvalid) + storageProblems.map(BookingError.storage)

    /// Does not compile when an error is added: give it a sample above and a name here.
    static func name(_ error: BookingError) -> String {
        switch error {
        case .slotFull: "slotFull"
        case .publicSeatsReserved: "publicSeatsReserved"
        case .slotStarted: "slotStarted"
        case .outsideHorizon: "outsideHorizon"
        case .walkInClosed: "walkInClosed"
        case .invalidIdentityNumber: "invalidIdentityNumber"
        case .duplicatePatient: "duplicatePatient"
        case .duplicateBooking: "duplicateBooking"
        case .tooManyAppointments: "tooManyAppointments"
        case .cancelTooLate: "cancelTooLate"
        case .patientFlagged: "patientFlagged"
        case .checkInTooEarly: "checkInTooEarly"
        case .checkInTooLate: "checkInTooLate"
        case .noShowTooEarly: "noShowTooEarly"
        case .wrongStatus: "wrongStatus"
        case .clinicCapReached: "clinicCapReached"
        case .addOnNotGreen: "addOnNotGreen"
        case .addOnNotFull: "addOnNotFull"
        case .referralNotBookable: "referralNotBookable"
        case .referralMismatch: "referralMismatch"
        case .waitlistExists: "waitlistExists"
        case .queueEmpty: "queueEmpty"
        case .patientBeingSeen: "patientBeingSeen"
        case .noOneCalled: "noOneCalled"
        case .notCheckedIn: "notCheckedIn"
        case .sessionAlreadyStopped: "sessionAlreadyStopped"
        case .noOffer: "noOffer"
        case .notOnNotifyList: "notOnNotifyList"
        case .theatreClosed: "theatreClosed"
        case .theatreDayFull: "theatreDayFull"
        case .surgeonBusy: "surgeonBusy"
        case .patientHasCase: "patientHasCase"
        case .checklistIncomplete: "checklistIncomplete"
        case .wrongCaseStatus: "wrongCaseStatus"
        case .noBackfill: "noBackfill"
        case .notPermitted: "notPermitted"
        case .loginFailed: "loginFailed"
        case .operatorLocked: "operatorLocked"
        case .operatorDisabled: "operatorDisabled"
        case .passwordChangeRequired: "passwordChangeRequired"
        case .clinicNotBound: "clinicNotBound"
        case .operatorExists: "operatorExists"
        case .lastAdministrator: "lastAdministrator"
        case .operatorChanged: "operatorChanged"
        case .slotConflicts: "slotConflicts"
        case .notFound: "notFound"
        case .invalidInput: "invalidInput"
        case .setupInvalid: "setupInvalid"
        case .importInvalid: "importInvalid"
        case .databaseBusy: "databaseBusy"
        case .newerSchema: "newerSchema"
        case .storage: "storage"
        case .duplicateExam: "duplicateExam"
        case .sameHourBooking: "sameHourBooking"
        case .offerGone: "offerGone"
        case .holiday: "holiday"
        case .surgeonInClinic: "surgeonInClinic"
        case .greenNeedsReferral: "greenNeedsReferral"
        case .referralResourceMismatch: "referralResourceMismatch"
        case .followUpNotPending: "followUpNotPending"
        case .priorityGroupMismatch: "priorityGroupMismatch"
        case .databaseMissing: "databaseMissing"
        case .databaseExposed: "databaseExposed"
        case .simulatedClockRefused: "simulatedClockRefused"
        case .trainingNeedsNewDatabase: "trainingNeedsNewDatabase"
        }
    }
    static let errorKinds = 65

    /// ASCII words that may stand in a Chinese message: commands, role names and field names the
    /// operator types as they are.
    static let allowedWords: Set<String> = [
        "slotdesk", "init", "chmod", "csv", "desk", "coordinator", "night", "admin", "date",
    ]

    /// `text` without the details quoted in Chinese quotation marks (“…”): another program's own
    /// words (SQLite's, the TOML parser's, the C library's), kept as they are for IT.
    static func outsideQuotedDetails(_ text: String) -> String {
        var kept = "", quoted = false
        for character in text {
            if character == "“" { quoted = true } else if character == "”" { quoted = false } else if !quoted { kept.append(character) }
        }
        return kept
    }

    /// The English sentences in `text`: runs of three or more ASCII words (letters, with inner `'`
    /// or `-`) that no non-ASCII character, number, path, option or listed word interrupts. Words
    /// in capitals (`FILE`, `YYYY-MM-DD`, `CARD`) are codes and placeholders, not English. A quoted
    /// detail (“…”) is another program's words and not counted; the sentence around it is.
    static func englishSentences(in text: String) -> [String] {
        let text = outsideQuotedDetails(text)
        var found: [String] = [], run: [String] = []
        func endRun() {
            if run.count >= 3 { found.append(run.joined(separator: " ")) }
            run = []
        }
        var token = ""
        func endToken() {
            defer { token = "" }
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:!?()[]\"'"))
            guard !word.isEmpty else { return }
            let letters = word.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "'" || $0 == "-") }
                && word.first!.isLetter && word.last!.isLetter
            let code = word == word.uppercased() || allowedWords.contains(word.lowercased())
            if letters && !code { run.append(word) } else { endRun() }
        }
        for character in text {
            if !character.isASCII {
                endToken()
                endRun()
            } else if character.isWhitespace {
                endToken()
            } else {
                token.append(character)
            }
        }
        endToken()
        endRun()
        return found
    }

    @Test("the check itself: English sentences are found, codes, commands and Chinese are not")
    func detector() {
        #expect(Self.englishSentences(in: "输入有误（date）：2026-12-01 is in the past") == ["is in the past"])
        #expect(Self.englishSentences(in: "输入有误（phone）：an 11-digit mobile number (1xxxxxxxxxx) or a landline like 010-12345678")
            == ["or a landline like"])
        #expect(Self.englishSentences(in: "配置文件有 1 处错误：\n  hospital.name: must not be empty") == ["must not be empty"])
        #expect(Self.englishSentences(in: "没有数据库 /srv/x.db：用 slotdesk init --db /srv/x.db 建立").isEmpty)
        #expect(Self.englishSentences(in: "输入有误（FILE）：\"12\" 须为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM").isEmpty)
        #expect(Self.englishSentences(in: "手术 5 术前核查未完成").isEmpty)
        #expect(Self.englishSentences(in: "数据库错误：磁盘已满（SQLite：“database or disk is full”）").isEmpty)
        #expect(Self.englishSentences(in: "数据库错误：the disk is full（SQLite：“database or disk is full”）") == ["the disk is full"])
        #expect(Self.englishSentences(in: "“database or disk is full” and then more English") == ["and then more English"])
    }

    @Test("every error and every input problem has a sample, so none escapes the check")
    func everyCaseSampled() {
        #expect(Set(Self.problems.map(Self.name)).count == Self.problemKinds)
        #expect(Set(Self.errors.map(Self.name)).count == Self.errorKinds)
        #expect(Set(Self.setupReasons.map(Self.name)).count == Self.setupReasonKinds)
        #expect(Set(Self.importProblems.map(Self.name)).count == 3 && Set(Self.importRowProblems.map(Self.name)).count == 2)
        #expect(Set(Self.storageProblems.map(Self.name)).count == Self.storageKinds)
    }

    @Test("every error rendered under zh holds no English sentence", arguments: errors)
    func chinese(error: BookingError) {
        let text = error.message(.zh)
        #expect(Self.englishSentences(in: text).isEmpty, "\(text)")
        #expect(Self.outsideQuotedDetails(text).contains { !$0.isASCII }, "no Chinese at all: \(text)")
    }

    @Test("every input problem keeps its English under en, different from its Chinese", arguments: problems)
    func english(problem: InputProblem) {
        #expect(problem.text(.en) != problem.text(.zh))
        #expect(BookingError.invalidInput(field: "date", problem: problem).message(.en).hasPrefix("Invalid date: "))
        #expect(BookingError.invalidInput(field: "date", problem: problem).code == "invalid_input")
    }

    @Test("every setup problem, line and all, holds no English sentence under zh and keeps its English under en",
          arguments: setupReasons)
    func setupProblem(reason: SetupProblem.Reason) {
        let problem = SetupProblem(line: 12, field: "session[2].hours", reason: reason)
        #expect(Self.englishSentences(in: problem.text(.zh)).isEmpty, "\(problem.text(.zh))")
        #expect(problem.text(.zh).hasPrefix("第 12 行，session[2].hours："))
        #expect(problem.text(.en) == "line 12: session[2].hours: " + reason.text(.en))
        #expect(problem.description == problem.text(.en))
        #expect(reason.text(.en) != reason.text(.zh))
    }

    @Test("every import problem, of a file or a row, holds no English sentence under zh")
    func importProblem() {
        for text in Self.importProblems.map({ $0.text(.zh) }) + Self.importRowProblems.map({ $0.text(.zh) }) {
            #expect(Self.englishSentences(in: text).isEmpty, "\(text)")
            #expect(Self.outsideQuotedDetails(text).contains { !$0.isASCII }, "no Chinese at all: \(text)")
        }
        for problem in Self.importProblems { #expect(problem.text(.en) != problem.text(.zh)) }
    }

    @Test("storage problems keep SQLite's and the system's words, quoted, inside a Chinese sentence; the English reads as it did")
    func storageDetails() {
        let full = StorageProblem.sqlite(code: StorageProblem.SQLiteCode.full, message: "database or disk is full")
        #expect(BookingError.storage(full).message(.zh) == "数据库错误：磁盘已满（SQLite：“database or disk is full”）")
        #expect(BookingError.storage(full).message(.en) == "Database error: the disk is full: database or disk is full")
        let readOnly = StorageProblem.sqlite(code: StorageProblem.SQLiteCode.readOnly, message: "attempt to write a readonly database")
        #expect(readOnly.text(.en) == "the database is read-only: attempt to write a readonly database")
        #expect(StorageProblem.sqlite(code: StorageProblem.SQLiteCode.notADatabase, message: "file is not a database").text(.en) == "file is not a database")
        #expect(StorageProblem.cannotOpen(path: "/srv/x.db", errno: ENOTDIR).text(.zh) == "无法打开 /srv/x.db：路径中有一段不是文件夹")
        #expect(StorageProblem.cannotOpen(path: "/srv/x.db", errno: ENOTDIR).text(.en) == "cannot open /srv/x.db: Not a directory")
        // An errno without a Chinese name keeps the C library's words, quoted.
        #expect(StorageProblem.cannotCreate(path: "/srv/x.db", errno: EPIPE).text(.zh) == "无法建立 /srv/x.db：系统错误 \(EPIPE)（“Broken pipe”）")
        for problem in Self.storageProblems { #expect(problem.text(.en) != problem.text(.zh)) }
    }
}
