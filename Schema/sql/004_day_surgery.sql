-- Day surgery (rule 11): theatre days in minutes, the case queue, the pre-operative checklist.
-- What the schema cannot compute (minutes plus turnovers within the theatre day, a surgeon in
-- two theatres at once) the core checks inside the write transaction; everything else that must
-- always hold is stated here.

-- Minutes between two cases in a theatre (cleaning, setting up, the next patient in).
ALTER TABLE resource ADD COLUMN turnover_minutes INTEGER NOT NULL DEFAULT 15
    CHECK (turnover_minutes BETWEEN 0 AND 120);

CREATE TABLE surgery_case (
    id                      INTEGER PRIMARY KEY,
    patient_id              INTEGER NOT NULL REFERENCES patient(id),
    procedure               TEXT NOT NULL CHECK (length(procedure) BETWEEN 1 AND 100),
    -- the operating surgeon: a doctor's clinic resource
    surgeon_id              INTEGER NOT NULL REFERENCES resource(id),
    estimated_minutes       INTEGER NOT NULL CHECK (estimated_minutes BETWEEN 5 AND 600),
    anaesthesia             TEXT NOT NULL CHECK (anaesthesia IN ('local', 'regional', 'general')),
    priority                TEXT NOT NULL CHECK (priority IN ('green', 'referral', 'priority', 'regular')),
    -- rule 8: the queue is served by class, then by this; postponing keeps it
    waiting_since           TEXT NOT NULL,
    referral_id             INTEGER REFERENCES referral(id),
    status                  TEXT NOT NULL DEFAULT 'queued'
                            CHECK (status IN ('queued', 'scheduled', 'ready', 'in_theatre', 'done', 'cancelled')),
    -- the theatre day and the place in its sequence, while on a list
    theatre_id              INTEGER REFERENCES resource(id),
    date                    TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    sequence                INTEGER CHECK (sequence IS NULL OR sequence >= 1),
    created_at              TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    confirmed_at            TEXT,
    confirmed_by            TEXT,
    postponed_count         INTEGER NOT NULL DEFAULT 0 CHECK (postponed_count >= 0),
    postponed_at            TEXT,
    postpone_reason         TEXT CHECK (postpone_reason IS NULL OR length(postpone_reason) BETWEEN 1 AND 200),
    started_at              TEXT,
    discharged_at           TEXT,
    follow_up_referral_id   INTEGER REFERENCES referral(id),
    cancelled_at            TEXT,
    cancel_reason           TEXT CHECK (cancel_reason IS NULL OR length(cancel_reason) BETWEEN 1 AND 200),
    note                    TEXT CHECK (note IS NULL OR length(note) <= 200),
    -- on a list exactly when scheduled, ready, in theatre or done
    CHECK ((status IN ('scheduled', 'ready', 'in_theatre', 'done'))
           = (theatre_id IS NOT NULL AND date IS NOT NULL AND sequence IS NOT NULL)),
    CHECK (theatre_id IS NOT NULL OR (date IS NULL AND sequence IS NULL)),
    CHECK (status <> 'ready' OR confirmed_at IS NOT NULL),
    CHECK (status <> 'in_theatre' OR started_at IS NOT NULL),
    CHECK (status <> 'done' OR discharged_at IS NOT NULL),
    CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
    CHECK (postponed_count = 0 OR (postponed_at IS NOT NULL AND postpone_reason IS NOT NULL))
);
-- one case per place in a theatre day's sequence
CREATE UNIQUE INDEX surgery_case_place ON surgery_case(theatre_id, date, sequence) WHERE theatre_id IS NOT NULL;
-- rule 11: one case per patient per day
CREATE UNIQUE INDEX surgery_case_patient_day ON surgery_case(patient_id, date) WHERE date IS NOT NULL;
CREATE INDEX surgery_case_queue ON surgery_case(status, priority, waiting_since);
CREATE INDEX surgery_case_day ON surgery_case(date, theatre_id);
CREATE INDEX surgery_case_patient ON surgery_case(patient_id);

-- Each ticked item of a case's pre-operative checklist: who ticked it, and when.
CREATE TABLE surgery_check (
    case_id     INTEGER NOT NULL REFERENCES surgery_case(id),
    item        TEXT NOT NULL CHECK (item IN ('assessment', 'labs', 'consent', 'anaesthesia_review', 'fasting', 'escort')),
    ticked_at   TEXT NOT NULL,
    ticked_by   TEXT NOT NULL CHECK (length(ticked_by) >= 1),
    -- e.g. 免陪照护 (escort-free care) for the escort item
    note        TEXT CHECK (note IS NULL OR length(note) <= 100),
    PRIMARY KEY (case_id, item)
);

CREATE TRIGGER surgery_case_starts_queued BEFORE INSERT ON surgery_case
WHEN NEW.status <> 'queued' OR NEW.theatre_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a day-surgery case starts in the queue');
END;

CREATE TRIGGER surgery_case_surgeon_is_clinic BEFORE INSERT ON surgery_case
WHEN (SELECT kind FROM resource WHERE id = NEW.surgeon_id) IS NOT 'clinic'
BEGIN
    SELECT RAISE(ABORT, 'the surgeon of a day-surgery case is a doctor''s clinic resource');
END;

CREATE TRIGGER surgery_case_surgeon_fixed BEFORE UPDATE OF surgeon_id, patient_id, anaesthesia ON surgery_case
BEGIN
    SELECT RAISE(ABORT, 'a case''s patient, surgeon and anaesthesia cannot change; cancel it and add it again');
END;

CREATE TRIGGER surgery_case_theatre_is_theatre BEFORE UPDATE OF theatre_id ON surgery_case
WHEN NEW.theatre_id IS NOT NULL AND (SELECT kind FROM resource WHERE id = NEW.theatre_id) IS NOT 'theatre'
BEGIN
    SELECT RAISE(ABORT, 'a day-surgery case is scheduled into a theatre');
END;

-- Rule 11: ready only with the checklist complete (no anaesthesia review for a local anaesthetic).
CREATE TRIGGER surgery_case_ready_needs_checklist BEFORE UPDATE OF status ON surgery_case
WHEN NEW.status = 'ready' AND (
    SELECT count(*) FROM surgery_check c
    WHERE c.case_id = NEW.id AND (NEW.anaesthesia <> 'local' OR c.item <> 'anaesthesia_review')
) < (CASE NEW.anaesthesia WHEN 'local' THEN 5 ELSE 6 END)
BEGIN
    SELECT RAISE(ABORT, 'a day-surgery case is ready only with its checklist complete');
END;

CREATE TRIGGER surgery_case_final BEFORE UPDATE OF status ON surgery_case
WHEN OLD.status IN ('done', 'cancelled') AND NEW.status <> OLD.status
BEGIN
    SELECT RAISE(ABORT, 'a discharged or cancelled case stays so');
END;

CREATE TRIGGER surgery_case_kept BEFORE DELETE ON surgery_case
BEGIN
    SELECT RAISE(ABORT, 'day-surgery cases are never deleted; cancel instead');
END;

-- A tick may be withdrawn only before the case is confirmed.
CREATE TRIGGER surgery_check_kept_once_ready BEFORE DELETE ON surgery_check
WHEN (SELECT status FROM surgery_case WHERE id = OLD.case_id) IN ('ready', 'in_theatre', 'done')
BEGIN
    SELECT RAISE(ABORT, 'the checklist of a confirmed case cannot lose an item; put the case back to scheduled first');
END;
