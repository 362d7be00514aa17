namespace MultiPair.Sdk.Persistence;

/// <summary>
/// The statements the SQL stores share, for a database holding one portfolio (<see cref="Single"/>, SQLite) or many
/// (<see cref="Scoped"/>, PostgreSQL: every table has a <c>portfolio_id</c> column and every statement a
/// <c>@portfolio</c> parameter). Tables and columns are the same in both; see <c>docs/persistence.md</c>.
/// </summary>
/// <remarks>The SQL is the common subset of SQLite (3.35+) and PostgreSQL: <c>ON CONFLICT</c>, <c>RETURNING</c>, window functions.</remarks>
internal sealed record StoreSql
{
    public const string LedgerColumns = "kind, position_id, pair, side, sleeve, quantity, price, fee_amount, fee_asset, exit_reason, leverage, trade_id, time";
    public const string IntentColumns = "client_order_id, pair, side, type, quantity, price, stop_price, time_in_force, reduce_only, position_id, sleeve, time";
    public const string StateColumns = "client_order_id, status, exchange_order_id, filled_quantity, reason, time";
    public const string FillColumns = "pair, trade_id, client_order_id, side, price, quantity, fee_amount, fee_asset, time, is_maker, sleeve";
    public const string PositionColumns = "position_id, pair, sleeve, side, quantity, entry_price, current_price, unrealized_pnl, realized_pnl, fees_paid, opened_at, closed_at, exit_reason";
    public const string TrailingStopColumns = "position_id, side, extreme, trigger_price, time";
    public const string ExitLevelColumns = "position_id, stop_loss, take_profit, time";

    private StoreSql(bool scoped)
    {
        var column = scoped ? "portfolio_id, " : string.Empty;
        var value = scoped ? "@portfolio, " : string.Empty;
        var where = scoped ? " WHERE portfolio_id = @portfolio" : string.Empty;
        var and = scoped ? "portfolio_id = @portfolio AND " : string.Empty;
        string Key(string columns) => scoped ? $"(portfolio_id, {columns})" : $"({columns})";
        string Join(string alias, string other) => scoped ? $"{alias}.portfolio_id = {other}.portfolio_id AND " : string.Empty;

        InsertIntent = $"INSERT INTO intents ({column}{IntentColumns}) VALUES ({value}{Parameters(IntentColumns)}) ON CONFLICT {Key("client_order_id")} DO NOTHING;";
        InsertOrderHistory = $"INSERT INTO order_history ({column}{StateColumns}) VALUES ({value}{Parameters(StateColumns)});";

        // The last state wins, except that a final state is never replaced by a late non-final one (reports can arrive out of order).
        UpsertOrder = $"""
            INSERT INTO orders ({column}{StateColumns}, is_final) VALUES ({value}{Parameters(StateColumns)}, @is_final)
            ON CONFLICT {Key("client_order_id")} DO UPDATE SET
                status = excluded.status,
                exchange_order_id = COALESCE(excluded.exchange_order_id, orders.exchange_order_id),
                filled_quantity = excluded.filled_quantity,
                reason = excluded.reason,
                is_final = excluded.is_final,
                time = excluded.time
            WHERE NOT orders.is_final OR excluded.is_final;
            """;
        InsertFill = $"INSERT INTO fills ({column}{FillColumns}) VALUES ({value}{Parameters(FillColumns)}) ON CONFLICT {Key("pair, trade_id")} DO NOTHING;";

        // Many portfolios share the table: the sequence is per portfolio (1, 2, ...), safe because writes of one portfolio are serialized by its lease row.
        InsertLedgerEntry = scoped
            ? $"INSERT INTO ledger_entries (portfolio_id, seq, {LedgerColumns}) VALUES (@portfolio, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_entries WHERE portfolio_id = @portfolio), {Parameters(LedgerColumns)}) RETURNING seq;"
            : $"INSERT INTO ledger_entries ({LedgerColumns}) VALUES ({Parameters(LedgerColumns)}) RETURNING seq;";
        UpsertPosition = Upsert("positions", PositionColumns, column, value, Key("position_id"));
        UpsertTrailingStop = Upsert("trailing_stops", TrailingStopColumns, column, value, Key("position_id"));
        DeleteTrailingStop = $"DELETE FROM trailing_stops WHERE {and}position_id = @position_id;";
        UpsertExitLevels = Upsert("exit_levels", ExitLevelColumns, column, value, Key("position_id"));
        DeleteExitLevels = $"DELETE FROM exit_levels WHERE {and}position_id = @position_id;";
        InsertSnapshot = $"INSERT INTO snapshots ({column}ledger_seq, format, payload, time) VALUES ({value}@ledger_seq, @format, @payload, @time);";
        PruneSnapshots = $"DELETE FROM snapshots WHERE {and}seq NOT IN (SELECT seq FROM snapshots{where} ORDER BY seq DESC LIMIT @keep);";

        SelectLedger = $"SELECT seq, {LedgerColumns} FROM ledger_entries{where} ORDER BY seq;";
        SelectOpenIntents = $"""
            SELECT {Prefixed("i", IntentColumns)}, {Prefixed("o", StateColumns)}
            FROM intents i LEFT JOIN orders o ON {Join("o", "i")}o.client_order_id = i.client_order_id
            WHERE {(scoped ? "i.portfolio_id = @portfolio AND " : string.Empty)}(o.is_final IS NULL OR NOT o.is_final)
            ORDER BY i.seq;
            """;
        SelectAdoptedOrders = $"""
            SELECT {Prefixed("o", StateColumns)} FROM orders o
            WHERE {(scoped ? "o.portfolio_id = @portfolio AND " : string.Empty)}NOT o.is_final
                AND NOT EXISTS (SELECT 1 FROM intents i WHERE {Join("i", "o")}i.client_order_id = o.client_order_id)
            ORDER BY o.time, o.client_order_id;
            """;
        SelectLastFills = $"""
            SELECT {FillColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY pair ORDER BY time DESC, seq DESC) AS rn FROM fills{where}) ranked
            WHERE rn = 1;
            """;
        SelectTrailingStops = $"SELECT {TrailingStopColumns} FROM trailing_stops{where} ORDER BY position_id;";
        SelectExitLevels = $"SELECT {ExitLevelColumns} FROM exit_levels{where} ORDER BY position_id;";
        SelectLatestSnapshot = $"SELECT ledger_seq, format, payload, time FROM snapshots{where} ORDER BY seq DESC LIMIT 1;";
        SelectNextClientOrderSequence = $"SELECT count(*) + 1 FROM intents{where};";
    }

    /// <summary>Gets the statements for a database holding one portfolio.</summary>
    public static StoreSql Single { get; } = new(scoped: false);

    /// <summary>Gets the statements for a database holding many portfolios, each row tagged with <c>portfolio_id</c> (bound as <c>@portfolio</c>).</summary>
    public static StoreSql Scoped { get; } = new(scoped: true);

    public string InsertIntent { get; }

    public string InsertOrderHistory { get; }

    public string UpsertOrder { get; }

    public string InsertFill { get; }

    public string InsertLedgerEntry { get; }

    public string UpsertPosition { get; }

    public string UpsertTrailingStop { get; }

    public string DeleteTrailingStop { get; }

    public string UpsertExitLevels { get; }

    public string DeleteExitLevels { get; }

    public string InsertSnapshot { get; }

    public string PruneSnapshots { get; }

    public string SelectLedger { get; }

    public string SelectOpenIntents { get; }

    public string SelectAdoptedOrders { get; }

    public string SelectLastFills { get; }

    public string SelectTrailingStops { get; }

    public string SelectExitLevels { get; }

    public string SelectLatestSnapshot { get; }

    /// <summary>Gets the query of <see cref="StoreState.NextClientOrderSequence"/>: intents ever recorded + 1 (intents are never deleted).</summary>
    public string SelectNextClientOrderSequence { get; init; }

    private static string Parameters(string columns) => "@" + columns.Replace(", ", ", @", StringComparison.Ordinal);

    private static string Prefixed(string alias, string columns) => alias + "." + columns.Replace(", ", $", {alias}.", StringComparison.Ordinal);

    private static string Upsert(string table, string columns, string scopeColumn, string scopeValue, string key)
    {
        var names = columns.Split(", ");
        var set = string.Join(", ", names.Skip(1).Select(name => $"{name} = excluded.{name}"));
        return $"INSERT INTO {table} ({scopeColumn}{columns}) VALUES ({scopeValue}{Parameters(columns)}) ON CONFLICT {key} DO UPDATE SET {set};";
    }
}
