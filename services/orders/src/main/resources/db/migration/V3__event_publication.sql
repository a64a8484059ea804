-- The transactional outbox: Spring Modulith's event publication registry (the table layout of
-- spring-modulith-events-jdbc 2.0, "schema v2"). An order event is inserted here in the same
-- transaction as the change it describes; a row stays until Kafka acknowledged the event
-- (completion mode DELETE), so the rows present are exactly the events not yet published.
--
-- No index on serialized_event (Modulith's own scripts add one): with completed rows deleted the
-- table holds only the few events in flight, and a B-tree entry on PostgreSQL is limited to
-- about 2.7 kB, which a large order's event can exceed.
CREATE TABLE event_publication (
    id                      UUID          NOT NULL PRIMARY KEY,
    listener_id             VARCHAR(512)  NOT NULL,
    event_type              VARCHAR(512)  NOT NULL,
    serialized_event        VARCHAR       NOT NULL,
    publication_date        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    completion_date         TIMESTAMP(6) WITH TIME ZONE,
    status                  VARCHAR(20),
    completion_attempts     INTEGER,
    last_resubmission_date  TIMESTAMP(6) WITH TIME ZONE
);

CREATE INDEX event_publication_by_date ON event_publication (publication_date);
