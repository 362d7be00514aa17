using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Storage.Sqlite.SqliteCodec;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>Reads what a restart needs, inside the caller's (read) transaction.</summary>
internal static class SqliteStateReader
{
    private const string IntentColumns = "i.client_order_id, i.pair, i.side, i.type, i.quantity, i.price, i.stop_price, i.time_in_force, i.reduce_only, i.position_id, i.sleeve, i.time";
    private const string StateColumns = "o.client_order_id, o.status, o.exchange_order_id, o.filled_quantity, o.reason, o.time";
    private const string FillColumns = "pair, trade_id, client_order_id, side, price, quantity, fee_amount, fee_asset, time, is_maker, sleeve";

    public static StoreState Read(SqliteConnection connection, SqliteTransaction transaction, StoreIdentity identity, CancellationToken cancellationToken)
    {
        var entries = ReadLedger(connection, transaction, cancellationToken);
        var orders = ReadOpenOrders(connection, transaction);
        var lastFills = ReadLastFills(connection, transaction);
        var stops = ReadTrailingStops(connection, transaction);
        var next = Scalar(connection, transaction, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'intents'), 0) + 1;");
        return new StoreState
        {
            Identity = identity,
            LedgerEntries = entries,
            OpenOrders = orders,
            LastFills = lastFills,
            TrailingStops = stops,
            NextClientOrderSequence = next,
            LatestSnapshot = ReadSnapshot(connection, transaction),
        };
    }

    private static List<LedgerEntry> ReadLedger(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, """
            SELECT seq, kind, position_id, pair, side, sleeve, quantity, price, fee_amount, fee_asset, exit_reason, leverage, trade_id, time
            FROM ledger_entries ORDER BY seq;
            """);
        using var reader = command.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var positionId = NullableString(reader, 2);
            entries.Add(new LedgerEntry(
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
            });
        }

        return entries;
    }

    private static List<StoredOrder> ReadOpenOrders(SqliteConnection connection, SqliteTransaction transaction)
    {
        var orders = new List<StoredOrder>();
        using (var command = Command(connection, transaction, $"""
            SELECT {IntentColumns}, {StateColumns}
            FROM intents i LEFT JOIN orders o ON o.client_order_id = i.client_order_id
            WHERE o.is_final IS NULL OR o.is_final = 0
            ORDER BY i.seq;
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var intent = ReadIntent(reader);
                orders.Add(new StoredOrder(intent.Order.ClientOrderId, intent, reader.IsDBNull(12) ? null : ReadState(reader, 12)));
            }
        }

        // Orders known only from their state (adopted from the exchange), not final.
        using (var command = Command(connection, transaction, $"""
            SELECT {StateColumns} FROM orders o
            WHERE o.is_final = 0 AND NOT EXISTS (SELECT 1 FROM intents i WHERE i.client_order_id = o.client_order_id)
            ORDER BY o.time, o.client_order_id;
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var state = ReadState(reader, 0);
                orders.Add(new StoredOrder(state.ClientOrderId, null, state));
            }
        }

        return orders;
    }

    private static OrderIntentRecord ReadIntent(SqliteDataReader reader)
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
            reader.GetInt32(8) != 0)
        {
            PositionId = positionId is null ? null : new PositionId(positionId),
            Strategy = new StrategyId(reader.GetString(10)),
        };
        return new OrderIntentRecord(order, Time(reader, 11));
    }

    private static OrderStateRecord ReadState(SqliteDataReader reader, int at) =>
        new(new ClientOrderId(reader.GetString(at)), (ExecutionStatus)reader.GetInt32(at + 1), Time(reader, at + 5))
        {
            ExchangeOrderId = NullableString(reader, at + 2),
            FilledQuantity = Decimal(reader, at + 3),
            Reason = NullableString(reader, at + 4),
        };

    private static Dictionary<TradingPair, Fill> ReadLastFills(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, $"""
            SELECT {FillColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY pair ORDER BY time DESC, seq DESC) AS rank FROM fills)
            WHERE rank = 1;
            """);
        using var reader = command.ExecuteReader();
        var fills = new Dictionary<TradingPair, Fill>();
        while (reader.Read())
        {
            var fill = new Fill(
                reader.GetString(1),
                new ClientOrderId(reader.GetString(2)),
                TradingPair.Parse(reader.GetString(0)),
                (OrderSide)reader.GetInt32(3),
                Decimal(reader, 4),
                Decimal(reader, 5),
                new Fee(Decimal(reader, 6), (FeeAsset)reader.GetInt32(7)),
                Time(reader, 8),
                reader.GetInt32(9) != 0)
            {
                Sleeve = new StrategyId(reader.GetString(10)),
            };
            fills[fill.Pair] = fill;
        }

        return fills;
    }

    private static List<TrailingStopState> ReadTrailingStops(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT position_id, side, extreme, trigger_price, time FROM trailing_stops ORDER BY position_id;");
        using var reader = command.ExecuteReader();
        var stops = new List<TrailingStopState>();
        while (reader.Read())
        {
            stops.Add(new TrailingStopState(new PositionId(reader.GetString(0)), (PositionSide)reader.GetInt32(1), Decimal(reader, 2), Decimal(reader, 3), Time(reader, 4)));
        }

        return stops;
    }

    private static StoreSnapshot? ReadSnapshot(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT ledger_seq, format, payload, time FROM snapshots ORDER BY seq DESC LIMIT 1;");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoreSnapshot(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), Time(reader, 3))
            : null;
    }
}
