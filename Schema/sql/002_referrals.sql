-- Alliance referrals (转诊单), per-clinic fairness and green-channel add-ons (rules 1, 2, 9).

-- Per-clinic daily cap on reserved seats, per department: one clinic cannot take the whole pool.
ALTER TABLE department ADD COLUMN clinic_daily_cap INTEGER
    CHECK (clinic_daily_cap IS NULL OR clinic_daily_cap BETWEEN 1 AND 500);

-- A pending referral nobody booked expires after this many days.
ALTER TABLE hospital ADD COLUMN referral_expiry_days INTEGER NOT NULL DEFAULT 14
    CHECK (referral_expiry_days BETWEEN 1 AND 365);

CREATE TABLE referral (
    id                  INTEGER PRIMARY KEY,
    patient_id          INTEGER NOT NULL REFERENCES patient(id),
    clinic_id           INTEGER NOT NULL REFERENCES alliance_clinic(id),
    referring_doctor    TEXT NOT NULL CHECK (length(referring_doctor) BETWEEN 1 AND 40),
    department_id       INTEGER NOT NULL REFERENCES department(id),
    resource_id         INTEGER REFERENCES resource(id),
    reason              TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    urgency             TEXT NOT NULL CHECK (urgency IN ('green', 'urgent', 'routine')),
    direction           TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'booked', 'completed', 'cancelled', 'expired')),
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    -- a down-referral's follow-up is due at the clinic on this day
    due_date            TEXT,
    appointment_id      INTEGER REFERENCES appointment(id),
    closed_at           TEXT,
    cancel_reason       TEXT,
    CHECK (status NOT IN ('booked', 'completed') OR appointment_id IS NOT NULL OR direction = 'down'),
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE INDEX referral_inbox ON referral(status, urgency, created_at);
CREATE INDEX referral_patient ON referral(patient_id);

ALTER TABLE appointment ADD COLUMN referral_id INTEGER REFERENCES referral(id);
-- rule 9: capacity added on purpose for a green-channel patient, never silent
ALTER TABLE appointment ADD COLUMN add_on INTEGER NOT NULL DEFAULT 0 CHECK (add_on IN (0, 1));

-- A referral is booked into at most one live appointment at a time.
CREATE UNIQUE INDEX appointment_live_referral ON appointment(referral_id)
    WHERE referral_id IS NOT NULL AND status IN ('booked', 'checked_in');
