// Constraints and indexes, all idempotent (IF NOT EXISTS). A unique constraint per label
// gives the key lookup index every MERGE of a load relies on.
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT phone_key IF NOT EXISTS FOR (n:Phone) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT bank_account_key IF NOT EXISTS FOR (n:BankAccount) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT vehicle_key IF NOT EXISTS FOR (n:Vehicle) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT hospital_key IF NOT EXISTS FOR (n:Hospital) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT repair_shop_key IF NOT EXISTS FOR (n:RepairShop) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT appraiser_key IF NOT EXISTS FOR (n:Appraiser) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT lawyer_key IF NOT EXISTS FOR (n:Lawyer) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT tow_key IF NOT EXISTS FOR (n:Tow) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT batch_id IF NOT EXISTS FOR (n:Batch) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT watch_ref IF NOT EXISTS FOR (n:Watch) REQUIRE n.ref IS UNIQUE;
CREATE CONSTRAINT detection_run_id IF NOT EXISTS FOR (n:DetectionRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ring_key IF NOT EXISTS FOR (n:Ring) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT sequence_name IF NOT EXISTS FOR (n:Sequence) REQUIRE n.name IS UNIQUE;
// latestRun / listRuns read runs newest first.
CREATE INDEX detection_run_seq IF NOT EXISTS FOR (n:DetectionRun) ON (n.seq);
// A claim's insurer and region are properties, not links to Insurer / Region nodes (cypher/README.md):
// these two indexes serve "the claims of insurer X / region Y" (MATCH (c:Claim {region: $code})).
CREATE INDEX claim_insurer IF NOT EXISTS FOR (n:Claim) ON (n.insurer);
CREATE INDEX claim_region IF NOT EXISTS FOR (n:Claim) ON (n.region);
// The Insurer / Region nodes of stores written before that; their nodes and links go in schema.ts.
DROP CONSTRAINT insurer_name IF EXISTS;
DROP CONSTRAINT region_code IF EXISTS;
// Deliberately nothing else: every extra index on Claim or an entity is paid for on each load.
