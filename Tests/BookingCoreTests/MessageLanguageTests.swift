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

    /// One of every error, each input problem among them, with Chinese names and codes as the
    /// hospital has them. The free-text cases (`setupInvalid`, `importInvalid`, `storage`) carry
    /// text from elsewhere and are checked on their own below.
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
        .setupInvalid([]), .importInvalid("不是 UTF-8 编码；请另存为 UTF-8 CSV"),
        .databaseBusy(waited: 5), .databaseBusy(waited: nil), .newerSchema(unknown: ["016_wards.sql"]), .storage("磁盘已满"),
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

    /// The English sentences in `text`: runs of three or more ASCII words (letters, with inner `'`
    /// or `-`) that no non-ASCII character, number, path, option or listed word interrupts. Words
    /// in capitals (`FILE`, `YYYY-MM-DD`, `CARD`) are codes and placeholders, not English.
    static func englishSentences(in text: String) -> [String] {
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
    }

    @Test("every error and every input problem has a sample, so none escapes the check")
    func everyCaseSampled() {
        #expect(Set(Self.problems.map(Self.name)).count == Self.problemKinds)
        #expect(Set(Self.errors.map(Self.name)).count == Self.errorKinds)
    }

    @Test("every error rendered under zh holds no English sentence", arguments: errors)
    func chinese(error: BookingError) {
        let text = error.message(.zh)
        #expect(Self.englishSentences(in: text).isEmpty, "\(text)")
        #expect(text.contains { !$0.isASCII }, "no Chinese at all: \(text)")
    }

    @Test("every input problem keeps its English under en, different from its Chinese", arguments: problems)
    func english(problem: InputProblem) {
        #expect(problem.text(.en) != problem.text(.zh))
        #expect(BookingError.invalidInput(field: "date", problem: problem).message(.en).hasPrefix("Invalid date: "))
        #expect(BookingError.invalidInput(field: "date", problem: problem).code == "invalid_input")
    }

    @Test("free text from a setup file, an import or SQLite is still English under zh (not yet translated)")
    func freeTextStillEnglish() {
        withKnownIssue("setup problems, import errors and storage details are English-only texts") {
            for error: BookingError in [
                .setupInvalid([SetupProblem(line: nil, field: "hospital.name", problem: "must not be empty")]),
                .importInvalid("larger than the import limit of 16 MB"),
                .storage("the disk is full: database or disk is full"),
            ] {
                #expect(Self.englishSentences(in: error.message(.zh)).isEmpty, "\(error.message(.zh))")
            }
        }
    }
}
