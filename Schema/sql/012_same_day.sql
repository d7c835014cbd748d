-- Same-day registration at the window (rule 3, as amended): the hour in progress stays open to
-- walk-ins until walk_in_cutoff_minutes before its end, and every appointment says whether it was
-- booked before the visit's day (预约) or on it (当日挂号) — the national outpatient indicator
-- 门诊患者预约诊疗率 counts the first over all visits. The appointment slip prints a resource's
-- preparation text (空腹8小时 for an abdominal ultrasound).

ALTER TABLE department ADD COLUMN walk_in_cutoff_minutes INTEGER NOT NULL DEFAULT 30
    CHECK (walk_in_cutoff_minutes BETWEEN 0 AND 59);

-- The slip says where to go and how to prepare.
ALTER TABLE resource ADD COLUMN preparation TEXT CHECK (preparation IS NULL OR length(preparation) BETWEEN 1 AND 200);
ALTER TABLE resource ADD COLUMN location TEXT CHECK (location IS NULL OR length(location) BETWEEN 1 AND 100);

-- 1 when the booking was made on the visit's day. A rebooked patient (rule 10) keeps the time
-- they first booked, and with it their appointment.
ALTER TABLE appointment ADD COLUMN same_day INTEGER NOT NULL DEFAULT 0 CHECK (same_day = 0 OR same_day = 1);
UPDATE appointment SET same_day = (substr(coalesce(original_booked_at, booked_at), 1, 10) >= date);

-- The core decides same_day; the schema refuses a row that says otherwise. Each trigger names
-- itself in its refusal, so the store maps the refusal by name (SchemaGuard).
CREATE TRIGGER appointment_same_day_kept BEFORE INSERT ON appointment
WHEN NEW.same_day <> (substr(coalesce(NEW.original_booked_at, NEW.booked_at), 1, 10) >= NEW.date)
BEGIN
    SELECT RAISE(ABORT, 'appointment_same_day_kept');
END;

-- Rule 3: nothing is booked into an hour after its walk-in cutoff.
CREATE TRIGGER appointment_before_cutoff BEFORE INSERT ON appointment
WHEN NEW.booked_at >= (
    SELECT printf('%sT%02d:%02d', NEW.date, (NEW.hour * 60 + 60 - d.walk_in_cutoff_minutes) / 60,
                  (NEW.hour * 60 + 60 - d.walk_in_cutoff_minutes) % 60)
    FROM department d WHERE d.id = NEW.department_id)
BEGIN
    SELECT RAISE(ABORT, 'appointment_before_cutoff');
END;
