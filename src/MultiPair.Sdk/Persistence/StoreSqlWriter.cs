using System.Data.Common;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Persistence.StoreCodec;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// Writes a validated <see cref="StoreBatch"/> with the <see cref="StoreSql"/> statements, inside the caller's
/// transaction: the same shaping (duplicate fills and their ledger entries skipped) for every SQL store.
/// </summary>
/// <param name="sql">The statements.</param>
/// <param name="command">Creates a command on the caller's connection and transaction (with <c>@portfolio</c> bound where the statements are scoped).</param>
internal sealed class StoreSqlWriter(StoreSql sql, Func<string, DbCommand> command)
{
    public async ValueTask<StoreAppendResult> WriteAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        foreach (var intent in batch.Intents)
        {
            await InsertIntentAsync(intent, cancellationToken).ConfigureAwait(false);
        }

        foreach (var state in batch.OrderStates)
        {
            await ExecuteAsync(sql.InsertOrderHistory, c => BindState(c, state), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(sql.UpsertOrder, c =>
            {
                BindState(c, state);
                c.Add("@is_final", state.IsFinal);
            }, cancellationToken).ConfigureAwait(false);
        }

        List<string>? duplicates = null;
        HashSet<(string Pair, string TradeId)>? duplicateKeys = null;
        foreach (var fill in batch.Fills)
        {
            if (await ExecuteAsync(sql.InsertFill, c => BindFill(c, fill), cancellationToken).ConfigureAwait(false) == 0)
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

            var sequence = await InsertLedgerEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            if (written == 0)
            {
                first = sequence;
            }

            written++;
        }

        foreach (var position in batch.Positions)
        {
            await ExecuteAsync(sql.UpsertPosition, c => BindPosition(c, position), cancellationToken).ConfigureAwait(false);
        }

        foreach (var stop in batch.TrailingStops)
        {
            await ExecuteAsync(sql.UpsertTrailingStop, c => BindTrailingStop(c, stop), cancellationToken).ConfigureAwait(false);
        }

        foreach (var cleared in batch.ClearedTrailingStops)
        {
            await ExecuteAsync(sql.DeleteTrailingStop, c => c.Add("@position_id", cleared.Value), cancellationToken).ConfigureAwait(false);
        }

        foreach (var levels in batch.ExitLevels)
        {
            await ExecuteAsync(sql.UpsertExitLevels, c => BindExitLevels(c, levels), cancellationToken).ConfigureAwait(false);
        }

        foreach (var cleared in batch.ClearedExitLevels)
        {
            await ExecuteAsync(sql.DeleteExitLevels, c => c.Add("@position_id", cleared.Value), cancellationToken).ConfigureAwait(false);
        }

        return new StoreAppendResult(first, written, duplicates ?? (IReadOnlyList<string>)[]);
    }

    public async ValueTask InsertSnapshotAsync(StoreSnapshot snapshot, int keep, CancellationToken cancellationToken)
    {
        await ExecuteAsync(sql.InsertSnapshot, c =>
        {
            c.Add("@ledger_seq", snapshot.LedgerSequence);
            c.Add("@format", snapshot.Format);
            c.Add("@payload", snapshot.Payload.ToArray());
            c.Add("@time", Ticks(snapshot.Time));
        }, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(sql.PruneSnapshots, c => c.Add("@keep", keep), cancellationToken).ConfigureAwait(false);
    }

    private static void BindState(DbCommand c, OrderStateRecord state)
    {
        c.Add("@client_order_id", state.ClientOrderId.Value);
        c.Add("@status", (int)state.Status);
        c.Add("@exchange_order_id", Nullable(state.ExchangeOrderId));
        c.Add("@filled_quantity", Text(state.FilledQuantity));
        c.Add("@reason", Nullable(state.Reason));
        c.Add("@time", Ticks(state.Time));
    }

    private static void BindFill(DbCommand c, Fill fill)
    {
        c.Add("@pair", fill.Pair.ToString());
        c.Add("@trade_id", fill.TradeId);
        c.Add("@client_order_id", fill.ClientOrderId.Value);
        c.Add("@side", (int)fill.Side);
        c.Add("@price", Text(fill.Price));
        c.Add("@quantity", Text(fill.Quantity));
        c.Add("@fee_amount", Text(fill.Fee.Amount));
        c.Add("@fee_asset", (int)fill.Fee.Asset);
        c.Add("@time", Ticks(fill.Time));
        c.Add("@is_maker", fill.IsMaker);
        c.Add("@sleeve", fill.Sleeve.Value);
    }

    private static void BindPosition(DbCommand c, Position position)
    {
        c.Add("@position_id", position.Id.Value);
        c.Add("@pair", position.Pair.ToString());
        c.Add("@sleeve", position.Strategy.Value);
        c.Add("@side", (int)position.Side);
        c.Add("@quantity", Text(position.Quantity));
        c.Add("@entry_price", Text(position.EntryPrice));
        c.Add("@current_price", Text(position.CurrentPrice));
        c.Add("@unrealized_pnl", Text(position.UnrealizedPnl));
        c.Add("@realized_pnl", Text(position.RealizedPnl));
        c.Add("@fees_paid", Text(position.FeesPaid));
        c.Add("@opened_at", Ticks(position.OpenedAt));
        c.Add("@closed_at", position.ClosedAt is { } closed ? Ticks(closed) : DBNull.Value);
        c.Add("@exit_reason", Nullable(position.ExitReason));
    }

    private static void BindTrailingStop(DbCommand c, TrailingStopState stop)
    {
        c.Add("@position_id", stop.PositionId.Value);
        c.Add("@side", (int)stop.Side);
        c.Add("@extreme", Text(stop.Extreme));
        c.Add("@trigger_price", Text(stop.Trigger));
        c.Add("@time", Ticks(stop.Time));
    }

    private static void BindExitLevels(DbCommand c, ExitLevelsState levels)
    {
        c.Add("@position_id", levels.PositionId.Value);
        c.Add("@stop_loss", Text(levels.StopLoss));
        c.Add("@take_profit", Text(levels.TakeProfit));
        c.Add("@time", Ticks(levels.Time));
    }

    private async ValueTask InsertIntentAsync(OrderIntentRecord intent, CancellationToken cancellationToken)
    {
        var order = intent.Order;
        var inserted = await ExecuteAsync(sql.InsertIntent, c =>
        {
            c.Add("@client_order_id", order.ClientOrderId.Value);
            c.Add("@pair", order.Pair.ToString());
            c.Add("@side", (int)order.Side);
            c.Add("@type", (int)order.Type);
            c.Add("@quantity", Text(order.Quantity));
            c.Add("@price", Text(order.Price));
            c.Add("@stop_price", Text(order.StopPrice));
            c.Add("@time_in_force", (int)order.TimeInForce);
            c.Add("@reduce_only", order.ReduceOnly);
            c.Add("@position_id", Nullable(order.PositionId?.Value));
            c.Add("@sleeve", order.Strategy.Value);
            c.Add("@time", Ticks(intent.Time));
        }, cancellationToken).ConfigureAwait(false);
        if (inserted == 0)
        {
            throw new PortfolioStoreException(StoreErrorKind.DuplicateIntent, $"An intent for client order id {order.ClientOrderId} is already recorded: the order must not be sent again.");
        }
    }

    private async ValueTask<long> InsertLedgerEntryAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        using var c = command(sql.InsertLedgerEntry);
        c.Add("@kind", (int)entry.Kind);
        c.Add("@position_id", Nullable(entry.PositionId.IsDefault ? null : entry.PositionId.Value));
        c.Add("@pair", entry.Pair.ToString());
        c.Add("@side", (int)entry.Side);
        c.Add("@sleeve", entry.Sleeve.Value);
        c.Add("@quantity", Text(entry.Quantity));
        c.Add("@price", Text(entry.Price));
        c.Add("@fee_amount", Text(entry.Fee.Amount));
        c.Add("@fee_asset", (int)entry.Fee.Asset);
        c.Add("@exit_reason", Nullable(entry.ExitReason));
        c.Add("@leverage", Text(entry.Leverage));
        c.Add("@trade_id", Nullable(entry.TradeId));
        c.Add("@time", Ticks(entry.Time));
        return Convert.ToInt64(await c.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async ValueTask<int> ExecuteAsync(string text, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        using var c = command(text);
        bind(c);
        return await c.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
