/// What an operator is allowed to do (rule 13). An operator may hold several roles.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// 挂号窗口: patients, public bookings, check-in, cancel, no-shows, waitlist.
    case desk
    /// 转诊办: referrals, alliance bookings, green-channel add-ons.
    case coordinator
    /// 夜班: the day-surgery review.
    case night
    /// Everything, including setup, slot generation and stop-clinic.
    case admin

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }

    public func label(_ lang: Language) -> String {
        switch self {
        case .desk: return lang.pick("挂号", "desk")
        case .coordinator: return lang.pick("转诊办", "coordinator")
        case .night: return lang.pick("夜班", "night")
        case .admin: return lang.pick("管理员", "admin")
        }
    }
}

/// The commands whose use depends on the role, one entry per command family.
public enum Permission: String, Sendable, CaseIterable {
    case registerPatient = "patient.register"
    case importPatients = "patient.import"
    case bookPublic = "appointment.book"
    case bookAlliance = "appointment.book_alliance"
    case addOn = "appointment.add_on"
    case cancel = "appointment.cancel"
    case checkIn = "appointment.checkin"
    case noShow = "appointment.noshow"
    case referral = "referral.manage"
    case setup = "setup.apply"
    case generateSlots = "slots.generate"
    /// Rule 11: put a case on the day-surgery queue, or cancel it.
    case surgeryQueue = "surgery.queue"
    /// Rule 11: schedule, plan, reorder and back-fill theatre days.
    case surgerySchedule = "surgery.schedule"
    /// Rule 11: the pre-op checklist, confirming, postponing, theatre and discharge.
    case surgeryReview = "surgery.review"
    case waitlist = "waitlist.manage"
    case callQueue = "queue.call"
    case notify = "notify.manage"
    case stopClinic = "session.stop"
    /// Rule 13: add operators, reset their passwords, disable them.
    case manageOperators = "operator.manage"
    /// Rule 13: read the audit log.
    case readAudit = "audit.read"
    /// Rule 14: show a patient's identity number and phone in full (audited).
    case revealPatient = "patient.reveal"
    /// Backups and the health check of the database file.
    case maintenance = "database.maintain"
}

/// The permission matrix: the one place that says which role may do what (rule 13).
public enum Permissions {
    static let matrix: [Role: Set<Permission>] = [
        .desk: [.registerPatient, .bookPublic, .cancel, .checkIn, .noShow, .waitlist, .callQueue, .notify],
        .coordinator: [.registerPatient, .bookPublic, .bookAlliance, .addOn, .cancel, .checkIn, .referral, .waitlist, .notify,
                       .surgeryQueue, .surgerySchedule, .revealPatient],
        .night: [.surgerySchedule, .surgeryReview],
        .admin: Set(Permission.allCases),
    ]

    public static func allows(_ roles: Set<Role>, _ permission: Permission) -> Bool {
        roles.contains { matrix[$0]?.contains(permission) ?? false }
    }

    /// A coordinator bound to alliance clinics books alliance seats only for those clinics; an
    /// administrator, or a coordinator bound to none, books for any clinic.
    public static func allowsClinic(_ clinic: String, roles: Set<Role>, boundClinics: Set<String>) -> Bool {
        roles.contains(.admin) || boundClinics.isEmpty || boundClinics.contains(clinic.uppercased())
    }

    /// Rule 10: those who telephone the to-notify list (`notify.manage`) may see the phone of a
    /// patient still on it — never the identity number; coordinators and administrators may see
    /// any patient's (`patient.reveal`).
    public static func allowsPhoneToCall(_ roles: Set<Role>, onNotifyList: Bool) -> Bool {
        allows(roles, .revealPatient) || (onNotifyList && allows(roles, .notify))
    }

    /// The roles that hold `permission`, for messages that say who may.
    public static func roles(for permission: Permission) -> [Role] {
        Role.allCases.filter { matrix[$0]?.contains(permission) ?? false }
    }
}
