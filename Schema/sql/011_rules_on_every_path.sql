-- Rule 5 as amended, and rule 12 at the moment of booking, stated by the schema.
--
-- Rule 5: a patient holds at most one live clinic appointment per department per day, at most one
-- per exam resource per day (检查集中预约: a CT in the morning and an ultrasound after are one
-- visit), and never two live appointments in the same hour, whatever the departments.
--
-- The hour is stated by a trigger over one index: (patient, date, hour, 0 while live, NULL
-- otherwise), the pattern of 010. The index replaces 010's per-department one, so a booking still
-- writes one rule-5 index, and its (patient, date) prefix serves every look-up of a patient's
-- appointments by date as that one did. It is not UNIQUE: the code before this migration let a
-- patient hold two live appointments in one hour in two departments, and a unique index could not
-- be built over them — the migration would fail and every command with it, `doctor` and `cancel`
-- included, which are what finds and mends them. The trigger refuses every new clash; `doctor`
-- lists the old ones (one_per_hour). The per-day rule depends on the resource's kind, which no
-- index of appointment can see, so a trigger states it too. Both triggers read the patient's live
-- appointments that day through the index prefix (a handful of rows at most) and write nothing,
-- and both name their rule in the refusal, so the store maps a refusal by name (SchemaGuard),
-- never by the wording.

DROP INDEX appointment_one_per_day;

CREATE INDEX appointment_one_per_hour
    ON appointment(patient_id, date, hour, (CASE WHEN status = 'booked' OR status = 'checked_in' THEN 0 END));

CREATE TRIGGER appointment_same_hour BEFORE INSERT ON appointment
WHEN (NEW.status = 'booked' OR NEW.status = 'checked_in') AND EXISTS (
    SELECT 1 FROM appointment a
    WHERE a.patient_id = NEW.patient_id AND a.date = NEW.date AND a.hour = NEW.hour
      AND (CASE WHEN a.status = 'booked' OR a.status = 'checked_in' THEN 0 END) = 0)
BEGIN
    SELECT RAISE(ABORT, 'appointment_one_per_hour');
END;

-- Only an insert can make a live appointment: a cancelled one never comes back and an appointment
-- never moves (appointment_no_revival, appointment_slot_fixed).
CREATE TRIGGER appointment_one_per_day BEFORE INSERT ON appointment
WHEN (NEW.status = 'booked' OR NEW.status = 'checked_in') AND EXISTS (
    SELECT 1
    FROM slot ns JOIN resource nr ON nr.id = ns.resource_id,
         appointment a JOIN slot s ON s.id = a.slot_id JOIN resource r ON r.id = s.resource_id
    WHERE ns.id = NEW.slot_id
      AND a.patient_id = NEW.patient_id AND a.date = NEW.date
      AND (a.status = 'booked' OR a.status = 'checked_in')
      AND CASE WHEN nr.kind = 'exam' THEN r.id = nr.id
               ELSE r.kind <> 'exam' AND a.department_id = NEW.department_id END)
BEGIN
    SELECT RAISE(ABORT, 'appointment_one_per_day');
END;

-- Rule 12: sessions do not run on holidays, so nothing is booked on one, whatever the slot's
-- history (slots generated before the year's calendar was loaded are stopped when it is).
CREATE TRIGGER appointment_not_on_holiday BEFORE INSERT ON appointment
WHEN EXISTS (SELECT 1 FROM calendar_day WHERE date = NEW.date AND kind = 'holiday')
BEGIN
    SELECT RAISE(ABORT, 'appointment_not_on_holiday');
END;
