-- SlotDesk booking schema, first migration.
-- The schema states what must always hold, so that a bug in code still cannot store a broken
-- state: codes are unique, every reference resolves, a slot never holds more bookings than its
-- capacity, a patient holds one live appointment per department per day.

CREATE TABLE hospital (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en     TEXT,
    time_zone   TEXT NOT NULL DEFAULT 'Asia/Shanghai'
);

CREATE TABLE department (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    name                    TEXT NOT NULL CHECK (length(name) >= 1),
    name_en                 TEXT NOT NULL,
    public_horizon_days     INTEGER NOT NULL DEFAULT 7 CHECK (public_horizon_days BETWEEN 0 AND 90),
    alliance_horizon_days   INTEGER NOT NULL DEFAULT 14 CHECK (alliance_horizon_days BETWEEN public_horizon_days AND 90),
    release_lead_hours      INTEGER NOT NULL DEFAULT 48 CHECK (release_lead_hours BETWEEN 0 AND 720)
);

CREATE TABLE resource (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    department_id   INTEGER NOT NULL REFERENCES department(id),
    kind            TEXT NOT NULL CHECK (kind IN ('clinic', 'exam', 'theatre')),
    name            TEXT NOT NULL CHECK (length(name) >= 1),
    name_en         TEXT,
    title           TEXT
);
CREATE INDEX resource_department ON resource(department_id);

-- A weekly template: on weekday (1 = Monday … 7 = Sunday), one slot per hour in [first_hour, end_hour).
CREATE TABLE session (
    id              INTEGER PRIMARY KEY,
    resource_id     INTEGER NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    first_hour      INTEGER NOT NULL CHECK (first_hour BETWEEN 0 AND 23),
    end_hour        INTEGER NOT NULL CHECK (end_hour BETWEEN 1 AND 24 AND end_hour > first_hour),
    capacity        INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    reserved        INTEGER NOT NULL DEFAULT 0 CHECK (reserved BETWEEN 0 AND capacity),
    UNIQUE (resource_id, weekday, first_hour)
);

CREATE TABLE alliance_clinic (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    name    TEXT NOT NULL CHECK (length(name) >= 1)
);

-- Rule 12: holidays and make-up working days, loaded per year.
CREATE TABLE calendar_year (
    year    INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999)
);
CREATE TABLE calendar_day (
    date    TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind    TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    -- for a make-up working day, the weekday whose sessions it runs
    weekday INTEGER CHECK ((kind = 'holiday' AND weekday IS NULL) OR (kind = 'workday' AND weekday BETWEEN 1 AND 7))
);

-- One resource, one date, one hour. public_used + reserved_used are the seats held (booked);
-- triggers on appointment keep them equal to the rows, and the CHECKs refuse any overbooking.
CREATE TABLE slot (
    id              INTEGER PRIMARY KEY,
    resource_id     INTEGER NOT NULL REFERENCES resource(id),
    date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    hour            INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    capacity        INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 500),
    reserved        INTEGER NOT NULL DEFAULT 0 CHECK (reserved BETWEEN 0 AND capacity),
    added           INTEGER NOT NULL DEFAULT 0 CHECK (added BETWEEN 0 AND 100),
    public_used     INTEGER NOT NULL DEFAULT 0 CHECK (public_used >= 0),
    reserved_used   INTEGER NOT NULL DEFAULT 0 CHECK (reserved_used BETWEEN 0 AND reserved),
    calendar_known  INTEGER NOT NULL DEFAULT 1 CHECK (calendar_known IN (0, 1)),
    withdrawn       INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    UNIQUE (resource_id, date, hour),
    CHECK (public_used + reserved_used <= capacity + added)
);
CREATE INDEX slot_date ON slot(date, resource_id);

CREATE TABLE patient (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    document_type       TEXT NOT NULL CHECK (document_type IN ('resident', 'passport', 'hk_macao', 'taiwan', 'foreign_permanent', 'other')),
    document_number     TEXT NOT NULL CHECK (length(document_number) BETWEEN 4 AND 32),
    birth_date          TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    sex                 TEXT CHECK (sex IS NULL OR sex IN ('M', 'F')),
    phone               TEXT,
    card_number         TEXT UNIQUE,
    pinyin              TEXT NOT NULL DEFAULT '',
    pinyin_initials     TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    -- rule 4: one identity, one patient; a resident number is the full 18 characters
    UNIQUE (document_type, document_number),
    CHECK (document_type <> 'resident' OR (length(document_number) = 18 AND birth_date IS NOT NULL AND sex IS NOT NULL))
);
CREATE INDEX patient_pinyin ON patient(pinyin);
CREATE INDEX patient_initials ON patient(pinyin_initials);
CREATE INDEX patient_phone ON patient(phone);
CREATE INDEX patient_name ON patient(name);

CREATE TABLE appointment (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patient(id),
    slot_id         INTEGER NOT NULL REFERENCES slot(id),
    -- copies of the slot's department and date, so the one-per-day index can be a plain index;
    -- a trigger refuses any row where they disagree with the slot
    department_id   INTEGER NOT NULL REFERENCES department(id),
    date            TEXT NOT NULL,
    hour            INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    channel         TEXT NOT NULL DEFAULT 'public' CHECK (channel IN ('public', 'alliance')),
    pool            TEXT NOT NULL DEFAULT 'public' CHECK (pool IN ('public', 'reserved')),
    clinic_id       INTEGER REFERENCES alliance_clinic(id),
    priority        TEXT NOT NULL DEFAULT 'regular' CHECK (priority IN ('green', 'referral', 'priority', 'regular')),
    booked_at       TEXT NOT NULL,
    booked_by       TEXT NOT NULL,
    -- rule 7: a flagged patient may still be booked, with a reason
    flag_reason     TEXT,
    checked_in_at   TEXT,
    cancelled_at    TEXT,
    cancelled_by    TEXT,
    no_show_at      TEXT,
    CHECK (channel = 'alliance' OR (pool = 'public' AND clinic_id IS NULL)),
    CHECK (channel = 'public' OR clinic_id IS NOT NULL),
    CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
    CHECK (status NOT IN ('checked_in', 'completed') OR checked_in_at IS NOT NULL)
);
-- rule 5: one live appointment per patient, department and day
CREATE UNIQUE INDEX appointment_one_per_day ON appointment(patient_id, department_id, date)
    WHERE status IN ('booked', 'checked_in');
CREATE INDEX appointment_slot ON appointment(slot_id, status);
CREATE INDEX appointment_patient ON appointment(patient_id, date);
CREATE INDEX appointment_live_date ON appointment(date, status);

CREATE TRIGGER appointment_matches_slot BEFORE INSERT ON appointment
WHEN NOT EXISTS (
    SELECT 1 FROM slot JOIN resource ON resource.id = slot.resource_id
    WHERE slot.id = NEW.slot_id AND slot.date = NEW.date AND slot.hour = NEW.hour
      AND resource.department_id = NEW.department_id AND slot.withdrawn = 0)
BEGIN
    SELECT RAISE(ABORT, 'appointment does not match an offered slot');
END;

CREATE TRIGGER appointment_slot_fixed BEFORE UPDATE OF slot_id, department_id, date, hour, pool, patient_id ON appointment
BEGIN
    SELECT RAISE(ABORT, 'an appointment cannot be moved; cancel it and book again');
END;

CREATE TRIGGER appointment_seat_taken AFTER INSERT ON appointment
WHEN NEW.status <> 'cancelled'
BEGIN
    UPDATE slot SET public_used = public_used + (NEW.pool = 'public'),
                    reserved_used = reserved_used + (NEW.pool = 'reserved')
    WHERE id = NEW.slot_id;
END;

CREATE TRIGGER appointment_seat_freed AFTER UPDATE OF status ON appointment
WHEN OLD.status <> 'cancelled' AND NEW.status = 'cancelled'
BEGIN
    UPDATE slot SET public_used = public_used - (NEW.pool = 'public'),
                    reserved_used = reserved_used - (NEW.pool = 'reserved')
    WHERE id = NEW.slot_id;
END;

CREATE TRIGGER appointment_no_revival BEFORE UPDATE OF status ON appointment
WHEN OLD.status = 'cancelled' AND NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'a cancelled appointment stays cancelled; book again');
END;

CREATE TRIGGER appointment_kept BEFORE DELETE ON appointment
BEGIN
    SELECT RAISE(ABORT, 'appointments are never deleted; cancel instead');
END;

-- Rule 13: who did what, append-only.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    terminal    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
