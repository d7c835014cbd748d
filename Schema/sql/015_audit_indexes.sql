-- The audit log's indexes, each asked which question it serves (a booking wrote three of them).
--
-- Records are written one transaction after another, each stamped with the clock of its
-- transaction, so the order of ids is the order of time: a question about a time window finds
-- its first and last ids by a binary search over the ids (AuditLog.swift), and needs no index
-- on `at`. One index page fewer on every change.
DROP INDEX audit_at;

-- Unless a clock went back (set by hand, or a training database's simulated clock): each record
-- stamped earlier than the one before it is listed here, and while any is, time windows are
-- answered by reading `at` instead of by the ids. The check reads the previous record, which is
-- on the page being written anyway; nothing is written while time runs forward.
CREATE TABLE audit_time_regression (id INTEGER PRIMARY KEY);
INSERT INTO audit_time_regression (id)
    SELECT id FROM (SELECT id, at, lag(at) OVER (ORDER BY id) AS previous FROM audit) WHERE at < previous;
CREATE TRIGGER audit_time_order AFTER INSERT ON audit
WHEN NEW.at < (SELECT at FROM audit WHERE id < NEW.id ORDER BY id DESC LIMIT 1)
BEGIN
    INSERT INTO audit_time_regression (id) VALUES (NEW.id);
END;

-- "What did this operator do, newest first", alone or within a time window: an index on the
-- operator alone holds each operator's ids in order, so it answers without sorting, and a time
-- window is a range of those ids. The old (operator, at) index had to sort every record of the
-- operator to show the newest.
DROP INDEX audit_operator;
CREATE INDEX audit_operator ON audit(operator);

-- audit_entity (entity, entity_id) stays: it answers "everything about this patient".
