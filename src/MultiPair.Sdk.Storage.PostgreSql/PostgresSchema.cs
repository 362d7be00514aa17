namespace MultiPair.Sdk.Storage.PostgreSql;

/// <summary>
/// The store's tables as ordered migrations: script <c>n</c> takes a schema from version <c>n</c> to <c>n + 1</c>.
/// The version lives in <c>schema_info</c>. Never edit a released script; add one.
/// </summary>
/// <remarks>
/// The tables and columns are SQLite's (see <c>SqliteSchema</c>) plus a <c>portfolio_id</c> column in every table:
/// one schema holds many portfolios. Money, prices and quantities are TEXT holding the invariant decimal (exact,
/// scale kept), times BIGINT UTC ticks (100 ns, finer than <c>timestamptz</c>), enums INTEGER, flags BOOLEAN. Keys
/// that are sorted on use <c>COLLATE "C"</c> so the order is SQLite's (byte order), whatever the database's locale.
/// Lease times are the server's <c>timestamptz</c>: every worker sees the same clock.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>Creates the version table when missing (version 0: nothing else yet).</summary>
    public const string Bootstrap = """
        CREATE TABLE IF NOT EXISTS schema_info (
            id integer PRIMARY KEY CHECK (id = 1),
            version integer NOT NULL);
        INSERT INTO schema_info (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        """;

    /// <summary>Version 1: portfolios (identity), leases, intents, orders with history, fills, the ledger journal, positions, trailing stops, snapshots.</summary>
    public const string V1 = """
        CREATE TABLE portfolios (
            portfolio_id text COLLATE "C" PRIMARY KEY,
            exchange text NOT NULL,
            account text NOT NULL,
            mode integer NOT NULL,
            created_at bigint NOT NULL);
        CREATE TABLE leases (
            portfolio_id text COLLATE "C" PRIMARY KEY REFERENCES portfolios (portfolio_id),
            owner text NOT NULL,
            token bigint NOT NULL,
            acquired_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL);
        CREATE TABLE intents (
            portfolio_id text COLLATE "C" NOT NULL,
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            client_order_id text COLLATE "C" NOT NULL,
            pair text NOT NULL,
            side integer NOT NULL,
            type integer NOT NULL,
            quantity text NOT NULL,
            price text,
            stop_price text,
            time_in_force integer NOT NULL,
            reduce_only boolean NOT NULL,
            position_id text,
            sleeve text NOT NULL,
            time bigint NOT NULL,
            UNIQUE (portfolio_id, client_order_id));
        CREATE TABLE orders (
            portfolio_id text COLLATE "C" NOT NULL,
            client_order_id text COLLATE "C" NOT NULL,
            status integer NOT NULL,
            exchange_order_id text,
            filled_quantity text NOT NULL,
            reason text,
            is_final boolean NOT NULL,
            time bigint NOT NULL,
            PRIMARY KEY (portfolio_id, client_order_id));
        CREATE TABLE order_history (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            portfolio_id text COLLATE "C" NOT NULL,
            client_order_id text COLLATE "C" NOT NULL,
            status integer NOT NULL,
            exchange_order_id text,
            filled_quantity text NOT NULL,
            reason text,
            time bigint NOT NULL);
        CREATE TABLE fills (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            portfolio_id text COLLATE "C" NOT NULL,
            pair text COLLATE "C" NOT NULL,
            trade_id text COLLATE "C" NOT NULL,
            client_order_id text COLLATE "C" NOT NULL,
            side integer NOT NULL,
            price text NOT NULL,
            quantity text NOT NULL,
            fee_amount text NOT NULL,
            fee_asset integer NOT NULL,
            time bigint NOT NULL,
            is_maker boolean NOT NULL,
            sleeve text NOT NULL,
            UNIQUE (portfolio_id, pair, trade_id));
        CREATE TABLE ledger_entries (
            portfolio_id text COLLATE "C" NOT NULL,
            seq bigint NOT NULL,
            kind integer NOT NULL,
            position_id text,
            pair text NOT NULL,
            side integer NOT NULL,
            sleeve text NOT NULL,
            quantity text NOT NULL,
            price text NOT NULL,
            fee_amount text NOT NULL,
            fee_asset integer NOT NULL,
            exit_reason integer,
            leverage text,
            trade_id text,
            time bigint NOT NULL,
            PRIMARY KEY (portfolio_id, seq));
        CREATE TABLE positions (
            portfolio_id text COLLATE "C" NOT NULL,
            position_id text COLLATE "C" NOT NULL,
            pair text NOT NULL,
            sleeve text NOT NULL,
            side integer NOT NULL,
            quantity text NOT NULL,
            entry_price text NOT NULL,
            current_price text NOT NULL,
            unrealized_pnl text NOT NULL,
            realized_pnl text NOT NULL,
            fees_paid text NOT NULL,
            opened_at bigint NOT NULL,
            closed_at bigint,
            exit_reason integer,
            PRIMARY KEY (portfolio_id, position_id));
        CREATE TABLE trailing_stops (
            portfolio_id text COLLATE "C" NOT NULL,
            position_id text COLLATE "C" NOT NULL,
            side integer NOT NULL,
            extreme text NOT NULL,
            trigger_price text NOT NULL,
            time bigint NOT NULL,
            PRIMARY KEY (portfolio_id, position_id));
        CREATE TABLE snapshots (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            portfolio_id text COLLATE "C" NOT NULL,
            ledger_seq bigint NOT NULL,
            format text NOT NULL,
            payload bytea NOT NULL,
            time bigint NOT NULL);
        CREATE INDEX ix_intents_portfolio ON intents (portfolio_id, seq);
        CREATE INDEX ix_fills_pair_time ON fills (portfolio_id, pair, time);
        CREATE INDEX ix_fills_order ON fills (portfolio_id, client_order_id);
        CREATE INDEX ix_order_history_order ON order_history (portfolio_id, client_order_id);
        CREATE INDEX ix_snapshots_portfolio ON snapshots (portfolio_id, seq);
        """;

    /// <summary>Version 2: the exit levels each open position's plan started with (a restart resumes them).</summary>
    public const string V2 = """
        CREATE TABLE exit_levels (
            portfolio_id text COLLATE "C" NOT NULL,
            position_id text COLLATE "C" NOT NULL,
            stop_loss text,
            take_profit text,
            time bigint NOT NULL,
            PRIMARY KEY (portfolio_id, position_id));
        """;

    /// <summary>The migrations in order; <c>Migrations[n]</c> takes version <c>n</c> to <c>n + 1</c>.</summary>
    public static readonly string[] Migrations = [V1, V2];

    /// <summary>Gets the version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;
}
