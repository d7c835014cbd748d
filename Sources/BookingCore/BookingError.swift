/// What kind of failure an error is, which decides the command line's exit code.
public enum FailureKind: Int32, Sendable {
    /// A rule of the hospital refused the request (exit 1).
    case rule = 1
    /// The request itself was malformed or named something that does not exist (exit 2).
    case input = 2
    /// The database could not be read or written (exit 3).
    case storage = 3
}

/// Every refusal SlotDesk can give, each naming its rule, with a message in Chinese and English.
public enum BookingError: Error, Equatable, Sendable {
    // Rule 1: capacity.
    case slotFull(slot: String)
    case publicSeatsReserved(slot: String, releaseAt: LocalDateTime)
    // Rule 3: horizons and the past.
    case slotStarted(slot: String)
    case outsideHorizon(slot: String, days: Int)
    case walkInClosed(slot: String, closedAt: LocalDateTime, cutoffMinutes: Int)
    // Rule 4: real name.
    case invalidIdentityNumber(String, reason: IdentityNumberProblem)
    case duplicatePatient(existing: Int64)
    // Rule 5: one per day, ten in all.
    case duplicateBooking(existing: Int64, department: String, date: LocalDate)
    case tooManyAppointments(limit: Int)
    // Rule 6: cancel until the slot starts.
    case cancelTooLate(appointment: Int64)
    // Rule 7: no-shows.
    case patientFlagged(noShows: Int)
    case checkInTooEarly(appointment: Int64, date: LocalDate)
    case checkInTooLate(appointment: Int64)
    case noShowTooEarly(appointment: Int64, deadline: LocalDateTime)
    // State changes that do not follow from the appointment's status.
    case wrongStatus(appointment: Int64, status: AppointmentStatus, action: String)
    // Rules 1, 9 and referrals.
    case clinicCapReached(clinic: String, department: String, date: LocalDate, cap: Int)
    case addOnNotGreen
    case addOnNotFull(slot: String)
    case referralNotBookable(referral: Int64, status: ReferralStatus)
    case referralMismatch(referral: Int64, department: String)
    // Rules 6, 8 and 10: waitlist, call queue, stop-clinic.
    case waitlistExists(existing: Int64)
    case queueEmpty(slot: String)
    case patientBeingSeen(appointment: Int64, patient: String)
    case noOneCalled(slot: String)
    case notCheckedIn(appointment: Int64)
    case sessionAlreadyStopped(resource: String, date: LocalDate)
    case noOffer(notification: Int64)
    case notOnNotifyList(notification: Int64)
    // Rule 11: day surgery.
    case theatreClosed(theatre: String, date: LocalDate)
    case theatreDayFull(theatre: String, date: LocalDate, minutesLeft: Int, needed: Int)
    case surgeonBusy(surgeon: String, theatre: String, from: LocalDateTime, to: LocalDateTime)
    case patientHasCase(existing: Int64, date: LocalDate)
    case checklistIncomplete(caseID: Int64, missing: [ChecklistItem])
    case wrongCaseStatus(caseID: Int64, status: SurgeryStatus, step: SurgeryStep)
    case noBackfill(theatre: String, date: LocalDate)
    // Rule 13: roles.
    case notPermitted(permission: String, roles: [Role])
    // Rule 13: operators and their passwords.
    case loginFailed
    case operatorLocked(username: String, until: LocalDateTime)
    case operatorDisabled(username: String)
    case passwordChangeRequired(username: String)
    case clinicNotBound(clinic: String, bound: [String])
    case operatorExists(username: String)
    case lastAdministrator(username: String)
    /// A signed-in operator whose account an administrator has disabled or changed since.
    case operatorChanged(username: String)
    // Slot generation.
    case slotConflicts(count: Int)
    // Lookups and input.
    case notFound(kind: String, key: String)
    /// `problem` says what is wrong, in the operator's language (`InputProblem`).
    case invalidInput(field: String, problem: InputProblem)
    case setupInvalid([SetupProblem])
    case importInvalid(ImportProblem)
    // Storage.
    /// Another process held the database: for the whole busy timeout (`waited` seconds), or in a
    /// way that waiting cannot fix (nil: a snapshot gone stale, a recovery under way).
    case databaseBusy(waited: Int?)
    /// The database holds migrations this build does not know (or a higher schema version): a
    /// newer SlotDesk made it, and this one would misread it.
    case newerSchema(unknown: [String])
    case storage(StorageProblem)
    // Rules that hold on every path (rules 5, 8, 10, 11, 11a, 12).
    /// Rule 5: one exam on one exam resource a day.
    case duplicateExam(existing: Int64, resource: String, date: LocalDate)
    /// Rule 5: never two live appointments in the same hour.
    case sameHourBooking(existing: Int64, slot: String)
    /// Rule 10: the offered slot went before the patient accepted; `next` is offered instead,
    /// or with none left the patient waits at the head of their class (`waitlist`).
    case offerGone(slot: String, next: String?, waitlist: Int64?)
    /// Rule 12: sessions do not run on holidays.
    case holiday(slot: String, date: LocalDate)
    /// Rule 11: a surgeon is not in theatre during their own clinic hours that have patients booked.
    case surgeonInClinic(surgeon: String, date: LocalDate, hour: Int, booked: Int)
    /// Rule 8: the green channel is a referral's class, never chosen at the desk.
    case greenNeedsReferral
    /// A referral asks for one doctor or room; the slot is another's.
    case referralResourceMismatch(referral: Int64, resource: String)
    /// Rule 11a: only a follow-up sent down is reported done, once.
    case followUpNotPending(referral: Int64)
    /// Rule 8: a priority group the patient's identity rules out.
    case priorityGroupMismatch(group: String)
    // Rule 15 and the database file: only `init` creates a database, a file others can read is
    // refused, a simulated clock is for training databases only.
    case databaseMissing(path: String)
    case databaseExposed(path: String, mode: Int)
    case simulatedClockRefused(path: String)
    case trainingNeedsNewDatabase(path: String)

    public var kind: FailureKind {
        switch self {
        case .notFound, .invalidInput, .setupInvalid, .importInvalid, .invalidIdentityNumber: return .input
        case .storage, .databaseBusy, .newerSchema: return .storage
        case .databaseMissing, .databaseExposed: return .storage
        case .simulatedClockRefused, .trainingNeedsNewDatabase: return .input
        default: return .rule
        }
    }

    /// A stable identifier for scripts (`--json` error objects).
    public var code: String {
        switch self {
        case .slotFull: return "slot_full"
        case .publicSeatsReserved: return "seats_reserved"
        case .slotStarted: return "slot_started"
        case .outsideHorizon: return "outside_horizon"
        case .notOnNotifyList: return "not_on_notify_list"
        case .walkInClosed: return "walk_in_closed"
        case .invalidIdentityNumber: return "invalid_identity_number"
        case .duplicatePatient: return "duplicate_patient"
        case .duplicateBooking: return "duplicate_booking"
        case .tooManyAppointments: return "too_many_appointments"
        case .cancelTooLate: return "cancel_too_late"
        case .patientFlagged: return "patient_flagged"
        case .checkInTooEarly: return "checkin_too_early"
        case .checkInTooLate: return "checkin_too_late"
        case .noShowTooEarly: return "noshow_too_early"
        case .wrongStatus: return "wrong_status"
        case .clinicCapReached: return "clinic_cap_reached"
        case .addOnNotGreen: return "add_on_not_green"
        case .addOnNotFull: return "add_on_not_full"
        case .referralNotBookable: return "referral_not_bookable"
        case .referralMismatch: return "referral_mismatch"
        case .theatreClosed: return "theatre_closed"
        case .theatreDayFull: return "theatre_day_full"
        case .surgeonBusy: return "surgeon_busy"
        case .patientHasCase: return "patient_has_case"
        case .checklistIncomplete: return "checklist_incomplete"
        case .wrongCaseStatus: return "wrong_case_status"
        case .noBackfill: return "no_backfill"
        case .notPermitted: return "not_permitted"
        case .loginFailed: return "login_failed"
        case .operatorLocked: return "operator_locked"
        case .operatorDisabled: return "operator_disabled"
        case .passwordChangeRequired: return "password_change_required"
        case .clinicNotBound: return "clinic_not_bound"
        case .operatorExists: return "operator_exists"
        case .lastAdministrator: return "last_administrator"
        case .operatorChanged: return "operator_changed"
        case .waitlistExists: return "waitlist_exists"
        case .queueEmpty: return "queue_empty"
        case .patientBeingSeen: return "patient_being_seen"
        case .noOneCalled: return "no_one_called"
        case .notCheckedIn: return "not_checked_in"
        case .sessionAlreadyStopped: return "session_already_stopped"
        case .noOffer: return "no_offer"
        case .slotConflicts: return "slot_conflicts"
        case .notFound: return "not_found"
        case .invalidInput: return "invalid_input"
        case .setupInvalid: return "setup_invalid"
        case .importInvalid: return "import_invalid"
        case .databaseBusy: return "database_busy"
        case .newerSchema: return "newer_schema"
        case .storage: return "storage"
        case .duplicateExam: return "duplicate_exam"
        case .sameHourBooking: return "same_hour_booking"
        case .offerGone: return "offer_gone"
        case .holiday: return "holiday"
        case .surgeonInClinic: return "surgeon_in_clinic"
        case .greenNeedsReferral: return "green_needs_referral"
        case .referralResourceMismatch: return "referral_resource_mismatch"
        case .followUpNotPending: return "follow_up_not_pending"
        case .priorityGroupMismatch: return "priority_group_mismatch"
        case .databaseMissing: return "database_missing"
        case .databaseExposed: return "database_exposed"
        case .simulatedClockRefused: return "simulated_clock_refused"
        case .trainingNeedsNewDatabase: return "training_needs_new_database"
        }
    }

    /// The message an operator reads, naming the rule that refused.
    public func message(_ lang: Language) -> String {
        switch self {
        case let .slotFull(slot):
            return lang.pick("号源已满：\(slot) 已无余号（规则1 容量）", "Slot full: \(slot) has no seat left (rule 1, capacity)")
        case let .publicSeatsReserved(slot, releaseAt):
            return lang.pick("\(slot) 剩余号源为医联体预留，\(releaseAt.readable) 释放（规则1、2 预留号源）",
                             "The seats left in \(slot) are reserved for alliance clinics until \(releaseAt.readable) (rules 1–2, reserved quota)")
        case let .slotStarted(slot):
            return lang.pick("\(slot) 已开始，不能预约（规则3）", "\(slot) has already started and cannot be booked (rule 3)")
        case let .notOnNotifyList(notification):
            return lang.pick("通知 \(notification) 已办结，不在待通知名单上，不能查看电话（规则10）",
                             "Notification \(notification) is done: the patient is no longer on the to-notify list, so the phone stays masked (rule 10)")
        case let .walkInClosed(slot, closedAt, cutoff):
            return lang.pick("\(slot) 当日挂号已于 \(closedAt.readable) 截止（时段结束前 \(cutoff) 分钟，规则3）",
                             "Same-day registration for \(slot) closed at \(closedAt.readable), \(cutoff) minutes before the hour ends (rule 3)")
        case let .outsideHorizon(slot, days):
            return lang.pick("\(slot) 超出可预约范围：最多提前 \(days) 天（规则3 预约期限）",
                             "\(slot) is beyond the booking horizon of \(days) days (rule 3, horizon)")
        case let .invalidIdentityNumber(number, reason):
            return lang.pick("身份证号 \(number) 无效：\(reason.message(.zh))（规则4 实名）",
                             "Identity number \(number) is not valid: \(reason.message(.en)) (rule 4, real name)")
        case let .duplicatePatient(existing):
            return lang.pick("该证件已登记为患者 \(existing)（规则4 一证一人）", "This document is already registered as patient \(existing) (rule 4, one identity one patient)")
        case let .duplicateBooking(existing, department, date):
            return lang.pick("该患者 \(date) 在 \(department) 已有预约 \(existing)（规则5 每科每天一号）",
                             "The patient already holds appointment \(existing) in \(department) on \(date) (rule 5, one per department per day)")
        case let .tooManyAppointments(limit):
            return lang.pick("该患者已有 \(limit) 个未就诊预约，已达上限（规则5）", "The patient already holds \(limit) future appointments, the limit (rule 5)")
        case let .cancelTooLate(appointment):
            return lang.pick("预约 \(appointment) 的时段已开始，不能取消（规则6）", "Appointment \(appointment) has started and can no longer be cancelled (rule 6)")
        case let .patientFlagged(noShows):
            return lang.pick("该患者90天内爽约 \(noShows) 次，预约须填写原因（规则7）",
                             "The patient missed \(noShows) appointments in 90 days: booking needs a reason (rule 7)")
        case let .checkInTooEarly(appointment, date):
            return lang.pick("预约 \(appointment) 在 \(date)，当天才能签到", "Appointment \(appointment) is on \(date): check-in opens that day")
        case let .checkInTooLate(appointment):
            return lang.pick("预约 \(appointment) 已超过时段结束30分钟，按爽约处理（规则7）",
                             "Appointment \(appointment) is more than 30 minutes past its slot: it is a no-show (rule 7)")
        case let .noShowTooEarly(appointment, deadline):
            return lang.pick("预约 \(appointment) 须到 \(deadline.readable) 后才能记为爽约（规则7）",
                             "Appointment \(appointment) can be marked a no-show only after \(deadline.readable) (rule 7)")
        case let .wrongStatus(appointment, status, action):
            return lang.pick("预约 \(appointment) 当前为「\(status.label(.zh))」，不能\(Self.actionZh(action))",
                             "Appointment \(appointment) is \(status.label(.en)): cannot \(action)")
        case let .clinicCapReached(clinic, department, date, cap):
            return lang.pick("\(clinic) 在 \(department) \(date) 已用满每日 \(cap) 个预留号（规则1 各机构公平）",
                             "\(clinic) already holds its daily cap of \(cap) reserved seats in \(department) on \(date) (rule 1, fairness between clinics)")
        case .addOnNotGreen:
            return lang.pick("只有绿色通道转诊可以加号（规则9）", "Only a green-channel referral may be added to a full slot (rule 9)")
        case let .addOnNotFull(slot):
            return lang.pick("\(slot) 尚有余号，无需加号（规则9）", "\(slot) still has seats: no add-on needed (rule 9)")
        case let .referralNotBookable(referral, status):
            return lang.pick("转诊单 \(referral) 当前为「\(status.label(.zh))」，不能预约", "Referral \(referral) is \(status.label(.en)) and cannot be booked")
        case let .referralMismatch(referral, department):
            return lang.pick("转诊单 \(referral) 转往 \(department)，所选时段不属于该科室", "Referral \(referral) is to \(department): the slot is not in that department")
        case let .theatreClosed(theatre, date):
            return lang.pick("\(theatre) 在 \(date) 不开放（节假日或无排班）（规则11、12）",
                             "\(theatre) is not open on \(date) (holiday or no session) (rules 11–12)")
        case let .theatreDayFull(theatre, date, minutesLeft, needed):
            return lang.pick("\(theatre) \(date) 手术日只剩 \(minutesLeft) 分钟可排（已扣接台时间），本台需 \(needed) 分钟（规则11 日间手术）",
                             "\(theatre) on \(date) has only \(minutesLeft) minutes left after turnovers; this case needs \(needed) (rule 11, day surgery)")
        case let .surgeonBusy(surgeon, theatre, from, to):
            return lang.pick("术者 \(surgeon) 当天 \(from.readable.suffix(5))–\(to.readable.suffix(5)) 在 \(theatre) 手术，时间重叠（规则11）",
                             "Surgeon \(surgeon) operates in \(theatre) \(from.readable.suffix(5))–\(to.readable.suffix(5)) that day: the times overlap (rule 11)")
        case let .patientHasCase(existing, date):
            return lang.pick("该患者 \(date) 已有日间手术 \(existing)（规则11 每人每天一台）",
                             "The patient already has day-surgery case \(existing) on \(date) (rule 11, one case a day)")
        case let .checklistIncomplete(caseID, missing):
            return lang.pick("手术 \(caseID) 术前核查未完成，缺：\(missing.map { $0.label(.zh) }.joined(separator: "、"))（规则11 核查完成才能确认）",
                             "Case \(caseID) is not ready, missing: \(missing.map { $0.label(.en) }.joined(separator: ", ")) (rule 11, ready only with a full checklist)")
        case let .wrongCaseStatus(caseID, status, step):
            return lang.pick("手术 \(caseID) 当前为「\(status.label(.zh))」，不能\(step.label(.zh))",
                             "Case \(caseID) is \(status.label(.en)): cannot \(step.label(.en))")
        case let .noBackfill(theatre, date):
            return lang.pick("\(theatre) \(date) 没有可补台的病例：候台病例中没有核查齐全且时间放得下的（规则11）",
                             "No case can back-fill \(theatre) on \(date): no queued case with a full checklist fits (rule 11)")
        case let .notPermitted(permission, roles):
            let zhRoles = roles.map { $0.label(.zh) }.joined(separator: "、"), enRoles = roles.map { $0.label(.en) }.joined(separator: ", ")
            return lang.pick("无权限：\(permission) 仅限 \(zhRoles)（规则13）", "Not permitted: \(permission) is for \(enRoles) only (rule 13)")
        case .loginFailed:
            return lang.pick("用户名或密码错误（连续错误5次将锁定5分钟）", "Wrong username or password (5 failures in a row lock the account for 5 minutes)")
        case let .operatorLocked(username, until):
            return lang.pick("操作员 \(username) 因多次密码错误已锁定，\(until.readable) 后再试（规则13）",
                             "Operator \(username) is locked after repeated wrong passwords; try again at \(until.readable) (rule 13)")
        case let .operatorDisabled(username):
            return lang.pick("操作员 \(username) 已停用，请联系管理员（规则13）", "Operator \(username) is disabled; ask an administrator (rule 13)")
        case let .passwordChangeRequired(username):
            return lang.pick("操作员 \(username) 须先修改初始密码（规则13）", "Operator \(username) must change the initial password first (rule 13)")
        case let .clinicNotBound(clinic, bound):
            return lang.pick("本操作员只能为 \(bound.joined(separator: "、")) 预约预留号源，不能为 \(clinic)（规则13）",
                             "This operator books reserved seats for \(bound.joined(separator: ", ")) only, not \(clinic) (rule 13)")
        case let .operatorExists(username):
            return lang.pick("操作员 \(username) 已存在", "Operator \(username) already exists")
        case let .lastAdministrator(username):
            return lang.pick("\(username) 是最后一位可用的管理员，不能停用或去掉管理员角色", "\(username) is the last active administrator and cannot be disabled or lose the admin role")
        case let .operatorChanged(username):
            return lang.pick("管理员已停用账户 \(username) 或更改了其角色，本次未作更改：请重新登录（规则13）",
                             "An administrator disabled \(username) or changed its roles; nothing was changed: sign in again (rule 13)")
        case let .waitlistExists(existing):
            return lang.pick("该患者已在此科室候补（候补 \(existing)）", "The patient is already waiting for this department (entry \(existing))")
        case let .queueEmpty(slot):
            return lang.pick("\(slot) 没有候诊患者", "No one is waiting in \(slot)")
        case let .patientBeingSeen(appointment, patient):
            return lang.pick("正在叫号：\(patient)（\(appointment)），请先完成或过号", "\(patient) (\(appointment)) is being called: finish or skip first")
        case let .noOneCalled(slot):
            return lang.pick("\(slot) 当前没有被叫号的患者", "No one is being called in \(slot)")
        case let .notCheckedIn(appointment):
            return lang.pick("预约 \(appointment) 尚未签到，不在候诊队列中", "Appointment \(appointment) is not checked in, so not in the queue")
        case let .sessionAlreadyStopped(resource, date):
            return lang.pick("\(resource) 在 \(date) 已停诊", "\(resource) is already stopped on \(date)")
        case let .noOffer(notification):
            return lang.pick("通知 \(notification) 没有可改约的号源，已转入候补", "Notification \(notification) has no slot to offer: the patient is on the waitlist")
        case let .slotConflicts(count):
            return lang.pick("\(count) 个已有预约的时段与新排班冲突，未改动", "\(count) slots with bookings conflict with the new sessions and were left unchanged")
        case let .notFound(kind, key):
            return lang.pick("找不到\(Self.kindZh(kind))：\(key)", "No \(kind) found: \(key)")
        case let .invalidInput(field, problem):
            return lang.pick("输入有误（\(field)）：\(problem.text(.zh))", "Invalid \(field): \(problem.text(.en))")
        case let .setupInvalid(problems):
            let lines = problems.map { "  " + $0.text(lang) }.joined(separator: "\n")
            return lang.pick("配置文件有 \(problems.count) 处错误，未做任何改动：\n\(lines)",
                             "The setup file has \(problems.count) problem(s); nothing was changed:\n\(lines)")
        case let .importInvalid(problem):
            return lang.pick("导入文件无法读取：\(problem.text(.zh))", "The import file cannot be read: \(problem.text(.en))")
        case let .databaseBusy(waited?):
            return lang.pick("数据库被其他进程占用超过 \(waited) 秒，本次未作任何更改，请稍后重试",
                             "The database stayed locked by another process for more than \(waited) s; nothing was changed, try again")
        case .databaseBusy(nil):
            return lang.pick("数据库正被其他进程更新，本次未作任何更改，请重试",
                             "Another process was changing the database at that moment; nothing was changed, try again")
        case let .newerSchema(unknown):
            let list = unknown.joined(separator: ", ")
            return lang.pick("数据库由更新版本的 SlotDesk 创建：\(list)；本版本不认识这些迁移，未作任何更改，请使用新版本",
                             "The database was made by a newer SlotDesk: \(list); this version does not know them and changed nothing — use the newer version")
        case let .storage(problem):
            return lang.pick("数据库错误：\(problem.text(.zh))", "Database error: \(problem.text(.en))")
        case let .duplicateExam(existing, resource, date):
            return lang.pick("该患者 \(date) 在 \(resource) 已有检查预约 \(existing)（规则5 每项检查每天一次）",
                             "The patient already holds appointment \(existing) on \(resource) on \(date) (rule 5, one per exam resource per day)")
        case let .sameHourBooking(existing, slot):
            return lang.pick("该患者在 \(slot) 同一时段已有预约 \(existing)（规则5 同一时段只能一个）",
                             "The patient already holds appointment \(existing) in the same hour as \(slot) (rule 5, never two at once)")
        case let .offerGone(slot, next?, _):
            return lang.pick("所提供的 \(slot) 已无余号，未预约；现改为提供 \(next)，请再次确认",
                             "The offered slot \(slot) has gone; nothing was booked. Now offered: \(next) — confirm again")
        case let .offerGone(slot, nil, waitlist):
            return lang.pick("所提供的 \(slot) 已无余号，也没有其他空号：已转入候补 \(waitlist ?? 0)，排在同级之首",
                             "The offered slot \(slot) has gone and no other slot is free: waitlisted as \(waitlist ?? 0), at the head of the class")
        case let .holiday(slot, date):
            return lang.pick("\(date) 是节假日，\(slot) 不出诊，不能预约（规则12）", "\(date) is a holiday: \(slot) does not run and cannot be booked (rule 12)")
        case let .surgeonInClinic(surgeon, date, hour, booked):
            let h = hour < 10 ? "0\(hour)" : "\(hour)"
            return lang.pick("术者 \(surgeon) \(date) \(h):00 有门诊，已约 \(booked) 位患者，不能同时手术（规则11）",
                             "Surgeon \(surgeon) holds clinic at \(h):00 on \(date) with \(booked) patient(s) booked: not in theatre then (rule 11)")
        case .greenNeedsReferral:
            return lang.pick("绿色通道须由急诊转诊单预约，不能在窗口直接选择（规则8）",
                             "The green channel comes with an emergency referral; it cannot be chosen at the desk (rule 8)")
        case let .referralResourceMismatch(referral, resource):
            return lang.pick("转诊单 \(referral) 指定 \(resource)，所选时段不是该医生/诊室的",
                             "Referral \(referral) asks for \(resource): the slot is not theirs")
        case let .followUpNotPending(referral):
            return lang.pick("转诊单 \(referral) 不是待完成的下转随访，不能标记完成（规则11a）",
                             "Referral \(referral) is not a pending follow-up sent down; it cannot be marked done (rule 11a)")
        case let .priorityGroupMismatch(group):
            let zh = PriorityGroup(rawValue: group)?.label(.zh) ?? group
            return lang.pick("身份证显示该患者为男性，不能列入「\(zh)」优先（规则8）",
                             "The identity number says the patient is male: not in the \(group) priority group (rule 8)")
        case let .databaseMissing(path):
            return lang.pick("没有数据库 \(path)：用 slotdesk init --db \(shellQuoted(path)) 建立（示范医院：slotdesk init --demo --db \(shellQuoted(path))）",
                             "No database at \(path): create it with slotdesk init --db \(shellQuoted(path)) (the demo hospital: slotdesk init --demo --db \(shellQuoted(path)))")
        case let .databaseExposed(path, mode):
            let octal = "0" + String(mode, radix: 8)
            return lang.pick("\(path) 的权限是 \(octal)，其他账户可以读写，拒绝使用（规则14）；修正：chmod 600 \(shellQuoted(path))",
                             "\(path) is mode \(octal): other accounts can read or write it, so it is refused (rule 14); fix it with: chmod 600 \(shellQuoted(path))")
        case let .simulatedClockRefused(path):
            return lang.pick("--now 只用于培训数据库（slotdesk init --training 或 --demo 建立）；\(path) 是正式数据库，使用本机时钟（规则15）",
                             "--now is honoured only on a training database (made by slotdesk init --training or --demo); \(path) is a production database and runs on the machine's clock (rule 15)")
        case let .trainingNeedsNewDatabase(path):
            return lang.pick("\(path) 已是正式数据库，不能改为培训数据库；培训数据库要新建：slotdesk init --training --db 新文件（规则15）",
                             "\(path) is a production database and cannot become a training one; a training database is made new: slotdesk init --training --db NEW-FILE (rule 15)")
        }
    }

    static func kindZh(_ kind: String) -> String {
        switch kind {
        case "patient": return "患者"
        case "slot": return "时段"
        case "appointment": return "预约"
        case "department": return "科室"
        case "resource": return "号源主体"
        case "clinic": return "医联体机构"
        case "referral": return "转诊单"
        case "surgery case": return "日间手术"
        case "theatre": return "手术室"
        case "waitlist": return "候补"
        case "notification": return "通知"
        case "operator": return "操作员"
        case "phone": return "电话号码"
        default: return kind
        }
    }

    static func actionZh(_ action: String) -> String {
        switch action {
        case "cancel": return "取消"
        case "check in": return "签到"
        case "mark as no-show": return "记为爽约"
        default: return action
        }
    }
}

extension LocalDateTime {
    /// `2026-11-24 09:00`, as operators write it.
    public var readable: String {
        let h = hour < 10 ? "0\(hour)" : "\(hour)", m = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(date) \(h):\(m)"
    }
}

/// `text` as one shell word: as it is when it is plain, else in single quotes.
func shellQuoted(_ text: String) -> String {
    let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:@%,".contains($0)) }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
