-- The service connects as an ordinary role, as in production: the superuser (POSTGRES_USER, the DBA and the
-- harness) keeps superuser_reserved_connections to get in when clients have taken every other slot.
CREATE ROLE ledger LOGIN PASSWORD 'ledger-secret' NOSUPERUSER;
ALTER DATABASE ledger OWNER TO ledger;
ALTER SCHEMA public OWNER TO ledger;
