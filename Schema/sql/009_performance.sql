-- Indexes the benchmark (slotdesk-bench) found missing.

-- Finding a patient by identity or other document number, whatever its type: the desk's search
-- (`zs`, an ID-card reader's 18 characters) and `--patient NUMBER`. The unique index on
-- (document_type, document_number) cannot serve it, and 200,000 patients were read each time.
CREATE INDEX patient_document_number ON patient(document_number);

-- A search by pinyin initials sorts every patient whose initials match by full pinyin; with the
-- pinyin in the index no table row is read (`zs` read some 250 of them, half the search's work).
DROP INDEX patient_initials;
CREATE INDEX patient_initials ON patient(pinyin_initials, pinyin);
