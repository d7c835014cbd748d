import BookingCore
import BookingStore

/// A question before a change, answered with one key; the change runs only on confirmation.
struct Confirmation: Equatable {
    enum Change: Equatable {
        case book(BookingRequest)
        case cancel(Int64)
        case noShow(Int64)
        case cancelReferral(Int64)

        /// Runs the store command; returns what to say on the message line.
        func perform(store: Store, actor: Operator, reason: String?, language l: Language) throws(BookingError) -> String {
            switch self {
            case var .book(request):
                request.reason = reason
                let a = try store.book(request, by: actor)
                let addOn = a.addOn ? l.pick("（加号）", " (add-on)") : ""
                return l.pick("已预约 \(a.id)：\(a.patientName) \(a.slotLabel) \(a.resourceName)（\(a.priority.label(l))）\(addOn)",
                              "Booked \(a.id): \(a.patientName) \(a.slotLabel) \(a.resourceName) (\(a.priority.label(l)))\(addOn)")
            case let .cancel(id):
                let a = try store.cancel(appointment: id, by: actor)
                return l.pick("已取消 \(a.id)：\(a.patientName) \(a.slotLabel)", "Cancelled \(a.id): \(a.patientName) \(a.slotLabel)")
            case let .noShow(id):
                let a = try store.markNoShow(appointment: id, by: actor)
                return l.pick("已记爽约 \(a.id)：\(a.patientName)", "No-show recorded \(a.id): \(a.patientName)")
            case let .cancelReferral(id):
                let r = try store.cancelReferral(id, reason: reason ?? "", by: actor)
                return l.pick("已撤销转诊单 \(r.id)：\(r.patientName)", "Referral \(r.id) withdrawn: \(r.patientName)")
            }
        }
    }

    let title: String
    let lines: [String]
    let change: Change
    /// Rule 7 asks why a flagged patient is booked; withdrawing a referral asks why too.
    var reason: TextField?

    init(title: String, lines: [String], change: Change, reason: TextField? = nil) {
        self.title = title
        self.lines = lines
        self.change = change
        self.reason = reason
    }
}
