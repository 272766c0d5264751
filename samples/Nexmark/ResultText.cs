using System.Buffers;
using System.Globalization;
using System.Text;
using Nexmark.Queries;

namespace Nexmark;

/// <summary>
/// The canonical text of query result rows (see README.md): fields joined by commas, no header,
/// integers in invariant culture. Generated strings never hold a comma, so no field needs quoting.
/// Pipelines and oracles format through the same rules so their outputs compare as text.
/// </summary>
public static class ResultText
{
    /// <summary>
    /// The canonical line of a query's result row. Formats into a stack buffer (a pooled one for
    /// the rare longer line), so the returned string is the only allocation.
    /// </summary>
    public static string Line<TRow>(in TRow row)
        where TRow : struct, IResultRow
    {
        Span<char> buffer = stackalloc char[512];
        return row.TryFormat(buffer, out int written) ? new string(buffer[..written]) : LongLine(row);
    }

    /// <summary>The canonical lines of <paramref name="rows"/>, sorted ordinally as the oracles return theirs.</summary>
    public static List<string> SortedLines<TRow>(IEnumerable<TRow> rows)
        where TRow : struct, IResultRow
    {
        var lines = new List<string>();
        foreach (TRow row in rows)
        {
            lines.Add(Line(row));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string LongLine<TRow>(in TRow row)
        where TRow : struct, IResultRow
    {
        for (int size = 2048; ; size *= 2)
        {
            char[] buffer = ArrayPool<char>.Shared.Rent(size);
            try
            {
                if (row.TryFormat(buffer, out int written))
                {
                    return new string(buffer, 0, written);
                }
            }
            finally
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>One row: each field in invariant culture, joined by commas.</summary>
    public static string Row(params ReadOnlySpan<object> fields)
    {
        var text = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Convert.ToString(fields[i], CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Q1's conversion: exactly <paramref name="price"/> × 0.908 with three decimals, e.g. 100 → "90.800".</summary>
    public static string Euros(long price)
    {
        long thousandths = price * 908;
        long whole = Math.DivRem(thousandths, 1000, out long fraction);
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction:D3}");
    }
}
