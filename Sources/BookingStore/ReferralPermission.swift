import BookingCore

extension Operator {
    /// Why this operator may not book `referral` into the alliance's reserved seats, or nil when
    /// they may: the permission (rule 13) and, for a coordinator bound to clinics, the clinic
    /// the referral comes from — the same checks `Store.book` makes, asked before the first key.
    public func refusalToBook(_ referral: ReferralView) -> BookingError? {
        do { try require(.bookAlliance) } catch { return error }
        guard Permissions.allowsClinic(referral.clinic, roles: roles, boundClinics: clinics) else {
            return .clinicNotBound(clinic: referral.clinic.uppercased(), bound: clinics.sorted())
        }
        return nil
    }
}
