namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>How hard SQLite flushes a commit to disk (<c>PRAGMA synchronous</c>) in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Every commit is flushed to the disk before it returns: it survives a power loss. The default: an intent must be durable before its order is sent.</summary>
    Full = 0,

    /// <summary>Commits survive a process crash but the last ones may be lost on a power loss or an OS crash; faster.</summary>
    Normal = 1,
}
