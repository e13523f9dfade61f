// Every node carries :Entity beside its kind label, so endpoints can be found by slug alone.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT government_id IF NOT EXISTS FOR (n:Government) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
// Names, aliases and identifiers (`scheme:id` strings) for ranked, prefix and fuzzy search.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.identifiers]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
// The change log (issue 12): one :Change per write, found by id, by the element it touched, by time.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE INDEX change_target IF NOT EXISTS FOR (c:Change) ON (c.target);
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
// Duplicates and merging (issue 12): a merged entity keeps its id on a :Merged node (no :Entity)
// so old ids resolve; one stored decision per pair.
CREATE CONSTRAINT merged_id IF NOT EXISTS FOR (m:Merged) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT duplicate_decision_pair IF NOT EXISTS FOR (d:DuplicateDecision) REQUIRE d.pair IS UNIQUE;
// The app's own state (server/state): sessions, counters, console slots, import jobs. Never :Entity.
CREATE CONSTRAINT app_session_id IF NOT EXISTS FOR (n:AppSession) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT app_counter_id IF NOT EXISTS FOR (n:AppCounter) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT app_slot_id IF NOT EXISTS FOR (n:AppSlot) REQUIRE n.id IS UNIQUE;
CREATE INDEX app_slot_counter IF NOT EXISTS FOR (n:AppSlot) ON (n.counter);
CREATE CONSTRAINT app_job_id IF NOT EXISTS FOR (n:AppJob) REQUIRE n.id IS UNIQUE;
CREATE INDEX app_state_expiry IF NOT EXISTS FOR (n:AppSession) ON (n.expiresAt);
// Notes and saved investigations (issue 12d): never :Entity, so never drawn, counted or exported as the graph.
CREATE CONSTRAINT note_id IF NOT EXISTS FOR (n:Note) REQUIRE n.id IS UNIQUE;
CREATE INDEX note_target IF NOT EXISTS FOR (n:Note) ON (n.target);
CREATE FULLTEXT INDEX note_text IF NOT EXISTS FOR (n:Note) ON EACH [n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
CREATE CONSTRAINT investigation_id IF NOT EXISTS FOR (i:Investigation) REQUIRE i.id IS UNIQUE;
