using System.Data.Common;
using System.Globalization;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Persistence.StoreCodec;

namespace MultiPair.Sdk.Persistence;

/// <summary>Reads a <see cref="StoreState"/> with the <see cref="StoreSql"/> queries, inside the caller's (read) transaction: the same row mapping for every SQL store.</summary>
/// <param name="sql">The queries.</param>
/// <param name="command">Creates a command on the caller's connection and transaction (with <c>@portfolio</c> bound where the queries are scoped).</param>
internal sealed class StoreSqlReader(StoreSql sql, Func<string, DbCommand> command)
{
    public async ValueTask<StoreState> ReadAsync(StoreIdentity identity, CancellationToken cancellationToken)
    {
        var entries = await ReadListAsync(sql.SelectLedger, ReadLedgerEntry, cancellationToken).ConfigureAwait(false);
        var orders = await ReadListAsync(sql.SelectOpenIntents, static r => ReadIntentOrder(r), cancellationToken).ConfigureAwait(false);
        orders.AddRange(await ReadListAsync(sql.SelectAdoptedOrders, static r => ReadAdoptedOrder(r), cancellationToken).ConfigureAwait(false)); // known only from a state
        var lastFills = new Dictionary<TradingPair, Fill>();
        foreach (var fill in await ReadListAsync(sql.SelectLastFills, ReadFill, cancellationToken).ConfigureAwait(false))
        {
            lastFills[fill.Pair] = fill;
        }

        var stops = await ReadListAsync(sql.SelectTrailingStops, ReadTrailingStop, cancellationToken).ConfigureAwait(false);
        var levels = await ReadListAsync(sql.SelectExitLevels, ReadExitLevels, cancellationToken).ConfigureAwait(false);
        var snapshots = await ReadListAsync(sql.SelectLatestSnapshot, ReadSnapshot, cancellationToken).ConfigureAwait(false);
        using var next = command(sql.SelectNextClientOrderSequence);
        var nextSequence = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return new StoreState
        {
            Identity = identity,
            LedgerEntries = entries,
            OpenOrders = orders,
            LastFills = lastFills,
            TrailingStops = stops,
            ExitLevels = levels,
            NextClientOrderSequence = nextSequence,
            LatestSnapshot = snapshots.Count == 0 ? null : snapshots[0],
        };
    }

    private static LedgerEntry ReadLedgerEntry(DbDataReader reader)
    {
        var positionId = NullableString(reader, 2);
        return new LedgerEntry(
            (LedgerEntryKind)reader.GetInt32(1),
            positionId is null ? default : new PositionId(positionId),
            TradingPair.Parse(reader.GetString(3)),
            (PositionSide)reader.GetInt32(4),
            new StrategyId(reader.GetString(5)),
            Decimal(reader, 6),
            Decimal(reader, 7),
            new Fee(Decimal(reader, 8), (FeeAsset)reader.GetInt32(9)),
            reader.IsDBNull(10) ? null : (ExitReason)reader.GetInt32(10),
            NullableDecimal(reader, 11),
            Time(reader, 13))
        {
            Sequence = reader.GetInt64(0),
            TradeId = NullableString(reader, 12),
        };
    }

    private static StoredOrder ReadIntentOrder(DbDataReader reader)
    {
        var positionId = NullableString(reader, 9);
        var order = new OrderRequest(
            new ClientOrderId(reader.GetString(0)),
            TradingPair.Parse(reader.GetString(1)),
            (OrderSide)reader.GetInt32(2),
            (OrderType)reader.GetInt32(3),
            Decimal(reader, 4),
            NullableDecimal(reader, 5),
            NullableDecimal(reader, 6),
            (TimeInForce)reader.GetInt32(7),
            reader.GetBoolean(8))
        {
            PositionId = positionId is null ? null : new PositionId(positionId),
            Strategy = new StrategyId(reader.GetString(10)),
        };
        var intent = new OrderIntentRecord(order, Time(reader, 11));
        return new StoredOrder(order.ClientOrderId, intent, reader.IsDBNull(12) ? null : ReadState(reader, 12));
    }

    private static StoredOrder ReadAdoptedOrder(DbDataReader reader)
    {
        var state = ReadState(reader, 0);
        return new StoredOrder(state.ClientOrderId, null, state);
    }

    private static OrderStateRecord ReadState(DbDataReader reader, int at) =>
        new(new ClientOrderId(reader.GetString(at)), (ExecutionStatus)reader.GetInt32(at + 1), Time(reader, at + 5))
        {
            ExchangeOrderId = NullableString(reader, at + 2),
            FilledQuantity = Decimal(reader, at + 3),
            Reason = NullableString(reader, at + 4),
        };

    private static Fill ReadFill(DbDataReader reader) =>
        new(
            reader.GetString(1),
            new ClientOrderId(reader.GetString(2)),
            TradingPair.Parse(reader.GetString(0)),
            (OrderSide)reader.GetInt32(3),
            Decimal(reader, 4),
            Decimal(reader, 5),
            new Fee(Decimal(reader, 6), (FeeAsset)reader.GetInt32(7)),
            Time(reader, 8),
            reader.GetBoolean(9))
        {
            Sleeve = new StrategyId(reader.GetString(10)),
        };

    private static TrailingStopState ReadTrailingStop(DbDataReader reader) =>
        new(new PositionId(reader.GetString(0)), (PositionSide)reader.GetInt32(1), Decimal(reader, 2), Decimal(reader, 3), Time(reader, 4));

    private static ExitLevelsState ReadExitLevels(DbDataReader reader) =>
        new(new PositionId(reader.GetString(0)), NullableDecimal(reader, 1), NullableDecimal(reader, 2), Time(reader, 3));

    private static StoreSnapshot ReadSnapshot(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), Time(reader, 3));

    private async ValueTask<List<T>> ReadListAsync<T>(string text, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        using var c = command(text);
        using var reader = await c.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(map(reader));
        }

        return items;
    }
}
