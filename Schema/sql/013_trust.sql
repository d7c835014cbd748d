-- Rule 15: trust. A training database, and an audit log that shows tampering.

-- Whether this database is a training database (`slotdesk init --training`, or the demo): only
-- there is a simulated clock (`--now`) honoured. The choice is made once, when the database is
-- created (Store.create), and kept: a database that already holds a hospital, a patient or an
-- audit record cannot become a training database, and the row is never changed or removed.
-- A database without the row (one made before this migration) is a production database.
CREATE TABLE database_mode (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    training    INTEGER NOT NULL CHECK (training = 0 OR training = 1)
);
CREATE TRIGGER database_mode_training_when_new BEFORE INSERT ON database_mode
WHEN NEW.training = 1
 AND (EXISTS (SELECT 1 FROM hospital) OR EXISTS (SELECT 1 FROM patient) OR EXISTS (SELECT 1 FROM audit))
BEGIN
    SELECT RAISE(ABORT, 'only a new database can be a training database');
END;
CREATE TRIGGER database_mode_kept BEFORE UPDATE ON database_mode
BEGIN
    SELECT RAISE(ABORT, 'a database stays a training or a production database');
END;
CREATE TRIGGER database_mode_not_deleted BEFORE DELETE ON database_mode
BEGIN
    SELECT RAISE(ABORT, 'a database stays a training or a production database');
END;

-- Each audit record carries the SHA-256 of the record before it (its hash) and its own
-- canonical content (AuditChain.swift); the first links to a fixed seed. A record removed,
-- changed or inserted by hand breaks the chain, and `slotdesk doctor` names the first one.
ALTER TABLE audit ADD COLUMN hash TEXT;

-- The records written before this migration are chained now, in id order. SQLite cannot hash:
-- slotdesk_audit_hash is the store's own function (AuditChain.swift), given to every connection
-- the store opens, so the migration and every later record hash the same way. The append-only
-- guard is lifted only inside this migration's transaction.
DROP TRIGGER audit_no_update;
CREATE TEMP TABLE audit_chain_013 (id INTEGER PRIMARY KEY, hash TEXT NOT NULL);
INSERT INTO audit_chain_013 (id, hash)
WITH RECURSIVE chain(id, hash) AS (
    SELECT a.id, slotdesk_audit_hash(NULL, a.id, a.at, a.operator, a.terminal, a.action, a.entity, a.entity_id, a.before, a.after)
    FROM audit a WHERE a.id = (SELECT min(id) FROM audit)
    UNION ALL
    SELECT a.id, slotdesk_audit_hash(c.hash, a.id, a.at, a.operator, a.terminal, a.action, a.entity, a.entity_id, a.before, a.after)
    FROM chain c JOIN audit a ON a.id = (SELECT min(n.id) FROM audit n WHERE n.id > c.id)
)
SELECT id, hash FROM chain;
UPDATE audit SET hash = (SELECT c.hash FROM audit_chain_013 c WHERE c.id = audit.id);
DROP TABLE audit_chain_013;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
