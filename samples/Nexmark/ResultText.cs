using System.Globalization;
using System.Text;

namespace Nexmark;

/// <summary>
/// The canonical text of query result rows (see README.md): fields joined by commas, no header,
/// integers in invariant culture. Generated strings never hold a comma, so no field needs quoting.
/// Pipelines and oracles format through the same rules so their outputs compare as text.
/// </summary>
public static class ResultText
{
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
