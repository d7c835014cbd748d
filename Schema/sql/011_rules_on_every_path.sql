-- Rule 5 as amended, and rule 12 at the moment of booking, stated by the schema.
--
-- Rule 5: a patient holds at most one live clinic appointment per department per day, at most one
-- per exam resource per day (检查集中预约: a CT in the morning and an ultrasound after are one
-- visit), and never two live appointments in the same hour, whatever the departments.
--
-- One unique index states the hour: (patient, date, hour, 0 while live, NULL otherwise), the
-- pattern of 010. It replaces 010's per-department index, so a booking still writes one rule-5
-- index, and its (patient, date) prefix serves every look-up of a patient's appointments by date
-- as that one did. The per-day rule depends on the resource's kind, which no index of appointment
-- can see, so a trigger states it: it reads the patient's live appointments that day through the
-- same index prefix (a handful of rows at most) and writes nothing. Both name themselves in the
-- refusal, so the store maps a refusal by name (Store.translate), never by the wording.
--
-- A database that already holds two live appointments of one patient in one hour cannot build the
-- index: this migration then fails and changes nothing, and `doctor` on the old version lists them.

DROP INDEX appointment_one_per_day;

CREATE UNIQUE INDEX appointment_one_per_hour
    ON appointment(patient_id, date, hour, (CASE WHEN status = 'booked' OR status = 'checked_in' THEN 0 END));

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
