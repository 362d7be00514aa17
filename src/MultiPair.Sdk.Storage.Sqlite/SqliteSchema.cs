namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>
/// The store's schema as ordered migrations: script <c>n</c> takes a database from version <c>n</c> to <c>n + 1</c>.
/// The version lives in <c>PRAGMA user_version</c>. Never edit a released script; add one.
/// </summary>
/// <remarks>
/// Money, prices and quantities are TEXT holding the invariant decimal (exact, scale kept); times are INTEGER UTC
/// ticks (100 ns since 0001-01-01); enums are their INTEGER values.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>Version 1: identity, intents, orders with history, fills, the ledger journal, positions, trailing stops.</summary>
    public const string V1 = """
        CREATE TABLE store_info (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            exchange TEXT NOT NULL,
            account TEXT NOT NULL,
            mode INTEGER NOT NULL,
            portfolio_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            owner TEXT NOT NULL,
            owner_token INTEGER NOT NULL,
            owner_since INTEGER NOT NULL);
        CREATE TABLE intents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            client_order_id TEXT NOT NULL UNIQUE,
            pair TEXT NOT NULL,
            side INTEGER NOT NULL,
            type INTEGER NOT NULL,
            quantity TEXT NOT NULL,
            price TEXT,
            stop_price TEXT,
            time_in_force INTEGER NOT NULL,
            reduce_only INTEGER NOT NULL,
            position_id TEXT,
            sleeve TEXT NOT NULL,
            time INTEGER NOT NULL);
        CREATE TABLE orders (
            client_order_id TEXT PRIMARY KEY,
            status INTEGER NOT NULL,
            exchange_order_id TEXT,
            filled_quantity TEXT NOT NULL,
            reason TEXT,
            is_final INTEGER NOT NULL,
            time INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE order_history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            client_order_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            exchange_order_id TEXT,
            filled_quantity TEXT NOT NULL,
            reason TEXT,
            time INTEGER NOT NULL);
        CREATE TABLE fills (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            pair TEXT NOT NULL,
            trade_id TEXT NOT NULL,
            client_order_id TEXT NOT NULL,
            side INTEGER NOT NULL,
            price TEXT NOT NULL,
            quantity TEXT NOT NULL,
            fee_amount TEXT NOT NULL,
            fee_asset INTEGER NOT NULL,
            time INTEGER NOT NULL,
            is_maker INTEGER NOT NULL,
            sleeve TEXT NOT NULL,
            UNIQUE (pair, trade_id));
        CREATE TABLE ledger_entries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind INTEGER NOT NULL,
            position_id TEXT,
            pair TEXT NOT NULL,
            side INTEGER NOT NULL,
            sleeve TEXT NOT NULL,
            quantity TEXT NOT NULL,
            price TEXT NOT NULL,
            fee_amount TEXT NOT NULL,
            fee_asset INTEGER NOT NULL,
            exit_reason INTEGER,
            leverage TEXT,
            trade_id TEXT,
            time INTEGER NOT NULL);
        CREATE TABLE positions (
            position_id TEXT PRIMARY KEY,
            pair TEXT NOT NULL,
            sleeve TEXT NOT NULL,
            side INTEGER NOT NULL,
            quantity TEXT NOT NULL,
            entry_price TEXT NOT NULL,
            current_price TEXT NOT NULL,
            unrealized_pnl TEXT NOT NULL,
            realized_pnl TEXT NOT NULL,
            fees_paid TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            closed_at INTEGER,
            exit_reason INTEGER) WITHOUT ROWID;
        CREATE TABLE trailing_stops (
            position_id TEXT PRIMARY KEY,
            side INTEGER NOT NULL,
            extreme TEXT NOT NULL,
            trigger_price TEXT NOT NULL,
            time INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Version 2: snapshots, and indexes for reconciliation (last fill per pair, fills of an order, order history).</summary>
    public const string V2 = """
        CREATE TABLE snapshots (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            ledger_seq INTEGER NOT NULL,
            format TEXT NOT NULL,
            payload BLOB NOT NULL,
            time INTEGER NOT NULL);
        CREATE INDEX ix_fills_pair_time ON fills (pair, time);
        CREATE INDEX ix_fills_order ON fills (client_order_id);
        CREATE INDEX ix_order_history_order ON order_history (client_order_id);
        """;

    /// <summary>Version 3: the exit levels each open position's plan started with (a restart resumes them).</summary>
    public const string V3 = """
        CREATE TABLE exit_levels (
            position_id TEXT PRIMARY KEY,
            stop_loss TEXT,
            take_profit TEXT,
            time INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>The migrations in order; <c>Migrations[n]</c> takes version <c>n</c> to <c>n + 1</c>.</summary>
    public static readonly string[] Migrations = [V1, V2, V3];

    /// <summary>Gets the version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;
}
