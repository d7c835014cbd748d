-- Priority groups, the waitlist, the call queue, stop-clinic and the to-notify list (rules 6, 8, 10).

-- Rule 8: the desk may put a patient in the priority group (besides age 65+), with a reason.
ALTER TABLE patient ADD COLUMN priority_group TEXT
    CHECK (priority_group IS NULL OR priority_group IN ('disabled', 'pregnant', 'veteran'));
ALTER TABLE patient ADD COLUMN priority_reason TEXT
    CHECK ((priority_group IS NULL) = (priority_reason IS NULL));

-- The call queue of one resource-hour (rule 8): checked-in patients by position; the position
-- starts as class then check-in time and moves only when a patient is skipped.
ALTER TABLE appointment ADD COLUMN queue_position REAL;
ALTER TABLE appointment ADD COLUMN call_state TEXT
    CHECK (call_state IS NULL OR call_state IN ('waiting', 'called', 'done'));
ALTER TABLE appointment ADD COLUMN called_at TEXT;
ALTER TABLE appointment ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0);
-- Rule 10: who cancelled — the patient or the hospital (stop-clinic).
ALTER TABLE appointment ADD COLUMN cancel_kind TEXT CHECK (cancel_kind IS NULL OR cancel_kind IN ('patient', 'hospital'));
-- A rebooked patient keeps the time they first booked (rule 10).
ALTER TABLE appointment ADD COLUMN original_booked_at TEXT;
CREATE INDEX appointment_queue ON appointment(slot_id, call_state, queue_position) WHERE call_state IS NOT NULL;

CREATE TABLE waitlist (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patient(id),
    department_id   INTEGER NOT NULL REFERENCES department(id),
    resource_id     INTEGER REFERENCES resource(id),
    first_date      TEXT NOT NULL CHECK (first_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    last_date       TEXT NOT NULL CHECK (last_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND last_date >= first_date),
    first_hour      INTEGER NOT NULL DEFAULT 0 CHECK (first_hour BETWEEN 0 AND 23),
    end_hour        INTEGER NOT NULL DEFAULT 24 CHECK (end_hour BETWEEN 1 AND 24 AND end_hour > first_hour),
    priority        TEXT NOT NULL CHECK (priority IN ('green', 'referral', 'priority', 'regular')),
    -- served by class, then those a stop-clinic put back at the head of their class, then waiting time
    head_of_class   INTEGER NOT NULL DEFAULT 0 CHECK (head_of_class IN (0, 1)),
    waiting_since   TEXT NOT NULL,
    channel         TEXT NOT NULL DEFAULT 'public' CHECK (channel IN ('public', 'alliance')),
    clinic_id       INTEGER REFERENCES alliance_clinic(id),
    referral_id     INTEGER REFERENCES referral(id),
    -- rule 7: a flagged patient's entry carries the reason they may still be booked
    reason          TEXT,
    status          TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'booked', 'removed', 'expired')),
    appointment_id  INTEGER REFERENCES appointment(id),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    closed_at       TEXT,
    CHECK (channel = 'public' OR clinic_id IS NOT NULL),
    CHECK (status <> 'booked' OR appointment_id IS NOT NULL)
);
CREATE UNIQUE INDEX waitlist_one_per_department ON waitlist(patient_id, department_id) WHERE status = 'waiting';
CREATE INDEX waitlist_waiting ON waitlist(status, department_id);

-- Rule 10: a session stopped for a date; generation never brings its slots back.
CREATE TABLE stopped_session (
    id          INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resource(id),
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    stopped_at  TEXT NOT NULL,
    stopped_by  TEXT NOT NULL,
    UNIQUE (resource_id, date)
);

-- Patients someone must telephone: booked from the waitlist, or their clinic was stopped.
CREATE TABLE notification (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patient(id),
    kind            TEXT NOT NULL CHECK (kind IN ('waitlist_booked', 'stop_clinic')),
    -- the appointment the call is about: the new one, or the one the hospital cancelled
    appointment_id  INTEGER NOT NULL REFERENCES appointment(id),
    -- stop-clinic: the nearest free slot offered, and the appointment it became
    offered_slot_id INTEGER REFERENCES slot(id),
    rebooked_appointment_id INTEGER REFERENCES appointment(id),
    waitlist_id     INTEGER REFERENCES waitlist(id),
    created_at      TEXT NOT NULL,
    done_at         TEXT,
    done_by         TEXT
);
CREATE INDEX notification_open ON notification(done_at);
