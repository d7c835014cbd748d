import BookingCore
import BookingStore

/// The JSON shapes scripts rely on; field names are part of the command line's contract.
struct SlotJSON: Encodable {
    let id: Int64
    let resource: String
    let department: String
    let date: String
    let hour: Int
    let capacity: Int
    let reserved: Int
    let added: Int
    let booked: Int
    let available: Int
    let reserved_available: Int
    let public_available: Int
    let released: Bool
    let calendar_known: Bool

    init(_ s: SlotView) {
        id = s.id
        resource = s.resource
        department = s.department
        date = s.date.description
        hour = s.hour
        capacity = s.capacity
        reserved = s.reserved
        added = s.added
        booked = s.booked
        available = s.available
        reserved_available = s.started ? 0 : s.seats.reservedAvailable
        public_available = s.started ? 0 : s.seats.publicAvailable
        released = s.seats.released
        calendar_known = s.calendarKnown
    }
}

struct AppointmentJSON: Encodable {
    let id: Int64
    let patient: Int64
    let patient_name: String
    let slot: Int64
    let slot_label: String
    let resource: String
    let department: String
    let date: String
    let hour: Int
    let status: String
    let channel: String
    let pool: String
    let clinic: String?
    let priority: String
    let booked_at: String
    let checked_in_at: String?
    let referral: Int64?
    let add_on: Bool
    /// Rule 12, in a booking's answer: false when the day's year has no holiday calendar loaded
    /// (the day was taken as an ordinary week); absent elsewhere.
    var calendar_known: Bool? = nil

    init(_ a: AppointmentView) {
        id = a.id
        patient = a.patientID
        patient_name = a.patientName
        slot = a.slotID
        slot_label = a.slotLabel
        resource = a.resource
        department = a.department
        date = a.date.description
        hour = a.hour
        status = a.status.rawValue
        channel = a.channel.rawValue
        pool = a.pool.rawValue
        clinic = a.clinic
        priority = a.priority.rawValue
        booked_at = a.bookedAt
        checked_in_at = a.checkedInAt
        referral = a.referralID
        add_on = a.addOn
    }
}

/// Patients in JSON carry masked numbers, as every list does (rule 14).
struct PatientJSON: Encodable {
    let id: Int64
    let name: String
    let document_type: String
    let document_number: String
    /// The birth date as an age: beside the masked number the date would give its hidden digits
    /// back (rule 14); `patient show --reveal` prints the date.
    let age: Int?
    let sex: String?
    let phone: String?
    let card: String?
    let recent_no_shows: Int
    let flagged: Bool

    init(_ p: PatientView, today: LocalDate) {
        id = p.id
        name = p.name
        document_type = p.documentType.rawValue
        document_number = p.maskedDocument
        age = p.age(on: today)
        sex = p.sex?.rawValue
        phone = p.maskedPhone
        card = p.cardNumber
        recent_no_shows = p.recentNoShows
        flagged = p.flagged
    }
}
