using DuckDB.NET.Data;

namespace Nexmark.Tests;

/// <summary>
/// The reference results of the NEXMark queries: the events loaded into an in-memory DuckDB and each
/// query run as SQL (<see cref="NexmarkSql"/>), windows written out in SQL. The results are those of a
/// bounded run whose final watermark fires every window. Rows are the canonical text of README.md,
/// sorted ordinally, so they compare as lists with any implementation's rows sorted the same way.
/// </summary>
public sealed class NexmarkOracle : IDisposable
{
    private readonly DuckDBConnection _connection;

    private NexmarkOracle(DuckDBConnection connection) => _connection = connection;

    public static NexmarkOracle Load(IReadOnlyList<Event> events)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            DuckDbEventTables.Create(connection);
            DuckDbEventTables.Append(connection, events);
            return new NexmarkOracle(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public List<string> Run(NexmarkQuery query)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = NexmarkSql.For(query);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public void Dispose() => _connection.Dispose();
}
