-- The audit log's indexes, each asked which question it serves (a booking wrote three of them).
--
-- Records are written one transaction after another, each stamped with the clock of its
-- transaction, so the order of ids is the order of time: a question about a time window finds
-- its first and last ids by a binary search over the ids (AuditLog.swift), and needs no index
-- on `at`. One index page fewer on every change.
DROP INDEX audit_at;

-- "What did this operator do, newest first", alone or within a time window: an index on the
-- operator alone holds each operator's ids in order, so it answers without sorting, and a time
-- window is a range of those ids. The old (operator, at) index had to sort every record of the
-- operator to show the newest.
DROP INDEX audit_operator;
CREATE INDEX audit_operator ON audit(operator);

-- audit_entity (entity, entity_id) stays: it answers "everything about this patient".
