using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Storage.Sqlite.SqliteCodec;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>Writes a validated <see cref="StoreBatch"/> inside the caller's transaction.</summary>
internal static class SqliteBatchWriter
{
    public static StoreAppendResult Write(SqliteConnection connection, SqliteTransaction transaction, StoreBatch batch)
    {
        foreach (var intent in batch.Intents)
        {
            InsertIntent(connection, transaction, intent);
        }

        foreach (var state in batch.OrderStates)
        {
            InsertState(connection, transaction, state);
        }

        List<string>? duplicates = null;
        HashSet<(string Pair, string TradeId)>? duplicateKeys = null;
        foreach (var fill in batch.Fills)
        {
            if (!InsertFill(connection, transaction, fill))
            {
                (duplicates ??= []).Add(fill.TradeId);
                (duplicateKeys ??= []).Add((fill.Pair.ToString(), fill.TradeId));
            }
        }

        long first = 0;
        var written = 0;
        foreach (var entry in batch.LedgerEntries)
        {
            if (entry.TradeId is { } tradeId && duplicateKeys is not null && duplicateKeys.Contains((entry.Pair.ToString(), tradeId)))
            {
                continue; // its fill was already booked: booking it again would double-count it
            }

            var sequence = InsertLedgerEntry(connection, transaction, entry);
            if (written == 0)
            {
                first = sequence;
            }

            written++;
        }

        foreach (var position in batch.Positions)
        {
            UpsertPosition(connection, transaction, position);
        }

        foreach (var stop in batch.TrailingStops)
        {
            UpsertTrailingStop(connection, transaction, stop);
        }

        foreach (var cleared in batch.ClearedTrailingStops)
        {
            using var delete = Command(connection, transaction, "DELETE FROM trailing_stops WHERE position_id = $id;");
            delete.Parameters.AddWithValue("$id", cleared.Value);
            delete.ExecuteNonQuery();
        }

        return new StoreAppendResult(first, written, duplicates ?? (IReadOnlyList<string>)[]);
    }

    public static void InsertSnapshot(SqliteConnection connection, SqliteTransaction transaction, StoreSnapshot snapshot, int keep)
    {
        using var insert = Command(connection, transaction, "INSERT INTO snapshots (ledger_seq, format, payload, time) VALUES ($ledger, $format, $payload, $time);");
        insert.Parameters.AddWithValue("$ledger", snapshot.LedgerSequence);
        insert.Parameters.AddWithValue("$format", snapshot.Format);
        insert.Parameters.AddWithValue("$payload", snapshot.Payload.ToArray());
        insert.Parameters.AddWithValue("$time", Ticks(snapshot.Time));
        insert.ExecuteNonQuery();
        using var prune = Command(connection, transaction, "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $keep);");
        prune.Parameters.AddWithValue("$keep", keep);
        prune.ExecuteNonQuery();
    }

    private static void InsertIntent(SqliteConnection connection, SqliteTransaction transaction, OrderIntentRecord intent)
    {
        var order = intent.Order;
        using var command = Command(connection, transaction, """
            INSERT INTO intents (client_order_id, pair, side, type, quantity, price, stop_price, time_in_force, reduce_only, position_id, sleeve, time)
            VALUES ($id, $pair, $side, $type, $quantity, $price, $stop, $tif, $reduceOnly, $position, $sleeve, $time)
            ON CONFLICT (client_order_id) DO NOTHING;
            """);
        var p = command.Parameters;
        p.AddWithValue("$id", order.ClientOrderId.Value);
        p.AddWithValue("$pair", order.Pair.ToString());
        p.AddWithValue("$side", (int)order.Side);
        p.AddWithValue("$type", (int)order.Type);
        p.AddWithValue("$quantity", Text(order.Quantity));
        p.AddWithValue("$price", Text(order.Price));
        p.AddWithValue("$stop", Text(order.StopPrice));
        p.AddWithValue("$tif", (int)order.TimeInForce);
        p.AddWithValue("$reduceOnly", order.ReduceOnly ? 1 : 0);
        p.AddWithValue("$position", Nullable(order.PositionId?.Value));
        p.AddWithValue("$sleeve", order.Strategy.Value);
        p.AddWithValue("$time", Ticks(intent.Time));
        if (command.ExecuteNonQuery() == 0)
        {
            throw new PortfolioStoreException(StoreErrorKind.DuplicateIntent, $"An intent for client order id {order.ClientOrderId} is already recorded: the order must not be sent again.");
        }
    }

    private static void InsertState(SqliteConnection connection, SqliteTransaction transaction, OrderStateRecord state)
    {
        using var history = Command(connection, transaction, """
            INSERT INTO order_history (client_order_id, status, exchange_order_id, filled_quantity, reason, time)
            VALUES ($id, $status, $exchangeId, $filled, $reason, $time);
            """);
        Bind(history, state);
        history.ExecuteNonQuery();

        // The last state wins, except that a final state is never replaced by a late non-final one (reports can arrive out of order).
        using var last = Command(connection, transaction, """
            INSERT INTO orders (client_order_id, status, exchange_order_id, filled_quantity, reason, is_final, time)
            VALUES ($id, $status, $exchangeId, $filled, $reason, $final, $time)
            ON CONFLICT (client_order_id) DO UPDATE SET
                status = excluded.status,
                exchange_order_id = COALESCE(excluded.exchange_order_id, orders.exchange_order_id),
                filled_quantity = excluded.filled_quantity,
                reason = excluded.reason,
                is_final = excluded.is_final,
                time = excluded.time
            WHERE orders.is_final = 0 OR excluded.is_final = 1;
            """);
        Bind(last, state);
        last.Parameters.AddWithValue("$final", state.IsFinal ? 1 : 0);
        last.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, OrderStateRecord state)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", state.ClientOrderId.Value);
        p.AddWithValue("$status", (int)state.Status);
        p.AddWithValue("$exchangeId", Nullable(state.ExchangeOrderId));
        p.AddWithValue("$filled", Text(state.FilledQuantity));
        p.AddWithValue("$reason", Nullable(state.Reason));
        p.AddWithValue("$time", Ticks(state.Time));
    }

    private static bool InsertFill(SqliteConnection connection, SqliteTransaction transaction, Fill fill)
    {
        using var command = Command(connection, transaction, """
            INSERT INTO fills (pair, trade_id, client_order_id, side, price, quantity, fee_amount, fee_asset, time, is_maker, sleeve)
            VALUES ($pair, $trade, $order, $side, $price, $quantity, $fee, $feeAsset, $time, $maker, $sleeve)
            ON CONFLICT (pair, trade_id) DO NOTHING;
            """);
        var p = command.Parameters;
        p.AddWithValue("$pair", fill.Pair.ToString());
        p.AddWithValue("$trade", fill.TradeId);
        p.AddWithValue("$order", fill.ClientOrderId.Value);
        p.AddWithValue("$side", (int)fill.Side);
        p.AddWithValue("$price", Text(fill.Price));
        p.AddWithValue("$quantity", Text(fill.Quantity));
        p.AddWithValue("$fee", Text(fill.Fee.Amount));
        p.AddWithValue("$feeAsset", (int)fill.Fee.Asset);
        p.AddWithValue("$time", Ticks(fill.Time));
        p.AddWithValue("$maker", fill.IsMaker ? 1 : 0);
        p.AddWithValue("$sleeve", fill.Sleeve.Value);
        return command.ExecuteNonQuery() == 1;
    }

    private static long InsertLedgerEntry(SqliteConnection connection, SqliteTransaction transaction, LedgerEntry entry)
    {
        using var command = Command(connection, transaction, """
            INSERT INTO ledger_entries (kind, position_id, pair, side, sleeve, quantity, price, fee_amount, fee_asset, exit_reason, leverage, trade_id, time)
            VALUES ($kind, $position, $pair, $side, $sleeve, $quantity, $price, $fee, $feeAsset, $reason, $leverage, $trade, $time)
            RETURNING seq;
            """);
        var p = command.Parameters;
        p.AddWithValue("$kind", (int)entry.Kind);
        p.AddWithValue("$position", Nullable(entry.PositionId.IsDefault ? null : entry.PositionId.Value));
        p.AddWithValue("$pair", entry.Pair.ToString());
        p.AddWithValue("$side", (int)entry.Side);
        p.AddWithValue("$sleeve", entry.Sleeve.Value);
        p.AddWithValue("$quantity", Text(entry.Quantity));
        p.AddWithValue("$price", Text(entry.Price));
        p.AddWithValue("$fee", Text(entry.Fee.Amount));
        p.AddWithValue("$feeAsset", (int)entry.Fee.Asset);
        p.AddWithValue("$reason", Nullable(entry.ExitReason));
        p.AddWithValue("$leverage", Text(entry.Leverage));
        p.AddWithValue("$trade", Nullable(entry.TradeId));
        p.AddWithValue("$time", Ticks(entry.Time));
        return (long)command.ExecuteScalar()!;
    }

    private static void UpsertPosition(SqliteConnection connection, SqliteTransaction transaction, Position position)
    {
        using var command = Command(connection, transaction, """
            INSERT OR REPLACE INTO positions (position_id, pair, sleeve, side, quantity, entry_price, current_price, unrealized_pnl, realized_pnl, fees_paid, opened_at, closed_at, exit_reason)
            VALUES ($id, $pair, $sleeve, $side, $quantity, $entry, $current, $unrealized, $realized, $fees, $opened, $closed, $reason);
            """);
        var p = command.Parameters;
        p.AddWithValue("$id", position.Id.Value);
        p.AddWithValue("$pair", position.Pair.ToString());
        p.AddWithValue("$sleeve", position.Strategy.Value);
        p.AddWithValue("$side", (int)position.Side);
        p.AddWithValue("$quantity", Text(position.Quantity));
        p.AddWithValue("$entry", Text(position.EntryPrice));
        p.AddWithValue("$current", Text(position.CurrentPrice));
        p.AddWithValue("$unrealized", Text(position.UnrealizedPnl));
        p.AddWithValue("$realized", Text(position.RealizedPnl));
        p.AddWithValue("$fees", Text(position.FeesPaid));
        p.AddWithValue("$opened", Ticks(position.OpenedAt));
        p.AddWithValue("$closed", position.ClosedAt is { } closed ? Ticks(closed) : DBNull.Value);
        p.AddWithValue("$reason", Nullable(position.ExitReason));
        command.ExecuteNonQuery();
    }

    private static void UpsertTrailingStop(SqliteConnection connection, SqliteTransaction transaction, TrailingStopState stop)
    {
        using var command = Command(connection, transaction, """
            INSERT OR REPLACE INTO trailing_stops (position_id, side, extreme, trigger_price, time)
            VALUES ($id, $side, $extreme, $trigger, $time);
            """);
        var p = command.Parameters;
        p.AddWithValue("$id", stop.PositionId.Value);
        p.AddWithValue("$side", (int)stop.Side);
        p.AddWithValue("$extreme", Text(stop.Extreme));
        p.AddWithValue("$trigger", Text(stop.Trigger));
        p.AddWithValue("$time", Ticks(stop.Time));
        command.ExecuteNonQuery();
    }
}
