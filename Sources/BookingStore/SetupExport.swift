import BookingCore

extension SetupFile {
    /// Writes `setup` back as a setup file that `setup apply` reads to the same data.
    public static func render(_ setup: HospitalSetup) -> String {
        var out: [String] = ["# SlotDesk setup file", ""]
        func q(_ s: String) -> String {
            var escaped = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        escaped += String(format: "\\u%04X", scalar.value)
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return escaped + "\""
        }
        if let h = setup.hospital {
            out += ["[hospital]", "name = \(q(h.name))"]
            if let en = h.nameEn { out.append("name_en = \(q(en))") }
            out += ["timezone = \(q(h.timeZone))", "referral_expiry_days = \(h.referralExpiryDays)", ""]
        }
        for d in setup.departments {
            out += ["[[department]]", "code = \(q(d.code))", "name = \(q(d.name))", "name_en = \(q(d.nameEn))",
                    "public_horizon_days = \(d.policy.publicHorizonDays)", "alliance_horizon_days = \(d.policy.allianceHorizonDays)",
                    "release_lead_hours = \(d.policy.releaseLeadHours)"]
            if let cap = d.policy.clinicDailyCap { out.append("clinic_daily_cap = \(cap)") }
            if d.policy.walkInCutoffMinutes != BookingPolicy.defaultWalkInCutoffMinutes {
                out.append("walk_in_cutoff_minutes = \(d.policy.walkInCutoffMinutes)")
            }
            out.append("")
        }
        for r in setup.resources {
            out += ["[[resource]]", "code = \(q(r.code))", "department = \(q(r.department))", "kind = \(q(r.kind.rawValue))", "name = \(q(r.name))"]
            if let t = r.title { out.append("title = \(q(t))") }
            if let en = r.nameEn { out.append("name_en = \(q(en))") }
            if let turnover = r.turnoverMinutes { out.append("turnover_minutes = \(turnover)") }
            if let text = r.preparation { out.append("preparation = \(q(text))") }
            if let text = r.location { out.append("location = \(q(text))") }
            out.append("")
        }
        for s in setup.sessions {
            out += ["[[session]]", "resource = \(q(s.resource))", "weekdays = [\(s.weekdays.map(String.init).joined(separator: ", "))]",
                    "hours = \(q(s.hoursText))", "capacity = \(s.capacity)", "reserved = \(s.reserved)", ""]
        }
        for c in setup.clinics {
            out += ["[[clinic]]", "code = \(q(c.code))", "name = \(q(c.name))", ""]
        }
        if let cal = setup.calendar {
            out.append("[calendar]")
            out.append("years = [\(cal.years.sorted().map(String.init).joined(separator: ", "))]")
            out.append("holidays = [")
            for day in cal.holidays.sorted() { out.append("    \(q(day.description)),") }
            out.append("]")
            out.append("workdays = [")
            for (day, weekday) in cal.workdays.sorted(by: { $0.key < $1.key }) {
                out.append("    { date = \(q(day.description)), weekday = \(weekday) },")
            }
            out.append("]")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
