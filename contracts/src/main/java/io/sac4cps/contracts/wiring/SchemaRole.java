package io.sac4cps.contracts.wiring;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The database role of a function that owns a schema: a login role of the schema's name that owns
 * the schema and everything in it, and has no privilege on any other schema (decision 0050). The
 * migration step (as the admin) provisions it and then migrates as it, so every table it creates
 * belongs to the function; the function connects as it. The local stack and the test kit provision
 * the same role, so one function being refused another's tables is tested, not assumed.
 *
 * @param schema the schema, named after the function that owns it
 */
public record SchemaRole(String schema) {

  /** Lower-case identifiers only: never quoted, and safe to put into SQL as they are. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public SchemaRole {
    requireIdentifier(schema);
  }

  /** The role's name: the schema's, so its default search path ({@code "$user"}) finds it. */
  public String role() {
    return schema;
  }

  /**
   * What the admin runs, in order, to make the role own {@link #schema()} in {@code database}:
   * idempotent, so every deploy runs it. A schema made before roles existed (tables owned by the
   * admin) is handed over with everything in it.
   *
   * @param password a password for servers that check one (locally); empty in AWS, where the role
   *     signs in with IAM tokens only
   */
  public List<String> provisioning(String database, Optional<String> password) {
    requireIdentifier(database);
    String role = role();
    String handOver =
        """
        DO $$
        DECLARE item record;
        BEGIN
          FOR item IN SELECT c.relname, c.relkind FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = '%1$s' AND c.relkind IN ('r', 'p', 'v', 'm')
                AND pg_get_userbyid(c.relowner) <> '%2$s' LOOP
            EXECUTE format(CASE item.relkind WHEN 'v' THEN 'ALTER VIEW %%I.%%I OWNER TO %2$s'
                WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %%I.%%I OWNER TO %2$s'
                ELSE 'ALTER TABLE %%I.%%I OWNER TO %2$s' END, '%1$s', item.relname);
          END LOOP;
          -- Sequences of serial columns moved with their tables; any other is moved here.
          FOR item IN SELECT c.relname FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = '%1$s' AND c.relkind = 'S'
                AND pg_get_userbyid(c.relowner) <> '%2$s' LOOP
            EXECUTE format('ALTER SEQUENCE %%I.%%I OWNER TO %2$s', '%1$s', item.relname);
          END LOOP;
        END $$"""
            .formatted(schema, role);
    return List.of(
        // CREATE ROLE has no IF NOT EXISTS; two first deploys (or test classes) may race.
        "DO $$ BEGIN CREATE ROLE "
            + role
            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;"
            + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        password
            .map(p -> "ALTER ROLE " + role + " PASSWORD '" + p.replace("'", "''") + "'")
            .orElse("ALTER ROLE " + role + " PASSWORD NULL"),
        // The admin (not a superuser on RDS) must be a member to hand objects over and migrate
        // as the role.
        "GRANT " + role + " TO CURRENT_USER",
        "GRANT CONNECT ON DATABASE " + database + " TO " + role,
        // On RDS, rds_iam lets the role sign in with IAM tokens; other servers have no such role.
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN GRANT rds_iam"
            + " TO "
            + role
            + "; END IF; END $$",
        "CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role,
        "ALTER SCHEMA " + schema + " OWNER TO " + role,
        "REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC",
        handOver);
  }

  /**
   * The role's password where a server checks one: the local stack and the test kit only (the
   * embedded server trusts local users anyway). In AWS the role has none.
   */
  public String localPassword() {
    return role() + "-local";
  }

  /** Run by the admin on the migration's connection: what it then creates is the role's. */
  public String assume() {
    return "SET ROLE " + role();
  }

  private static String requireIdentifier(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a schema or database name must match " + IDENTIFIER.pattern() + ": " + name);
    }
    return name;
  }
}
